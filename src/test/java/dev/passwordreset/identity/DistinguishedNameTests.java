package dev.passwordreset.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distinguished names compare as LDAP compares them, not as text.
 */
class DistinguishedNameTests {

	private static final String STORED = "cn=Smith\\, John,ou=Users,dc=example,dc=com";

	@Test
	void namesWrittenDifferentlyAreTheSameEntry() {
		DistinguishedName dn = DistinguishedName.parse(STORED).orElseThrow();
		assertThat(dn.sameAs("CN=smith\\, john, OU=users, DC=Example, DC=COM")).as("case and spaces").isTrue();
		assertThat(dn.sameAs("cn=Smith\\2C John,ou=Users,dc=example,dc=com")).as("hex escape").isTrue();
		assertThat(dn.sameAs("cn=\"Smith, John\",ou=Users,dc=example,dc=com")).as("quoted value").isTrue();
		assertThat(DistinguishedName.parse("cn=a+sn=b,ou=x").orElseThrow().sameAs("SN=B+CN=A,OU=X"))
			.as("multi-valued RDN in another order")
			.isTrue();
	}

	@Test
	void differentNamesAreDifferentEntries() {
		DistinguishedName dn = DistinguishedName.parse(STORED).orElseThrow();
		assertThat(dn.sameAs("cn=Smith\\, Jane,ou=Users,dc=example,dc=com")).isFalse();
		assertThat(dn.sameAs("cn=Smith\\, John,ou=Users,dc=example")).isFalse();
		assertThat(dn.sameAs("uid=Smith\\, John,ou=Users,dc=example,dc=com")).isFalse();
		assertThat(dn.sameAs("not a dn")).isFalse();
	}

	@Test
	void onlyNonEmptyRfc4514NamesParse() {
		assertThat(DistinguishedName.parse("")).isEmpty();
		assertThat(DistinguishedName.parse("cn")).isEmpty();
		assertThat(DistinguishedName.parse("cn=" + "a".repeat(DistinguishedName.MAX_LENGTH))).isEmpty();
		assertThat(DistinguishedName.parse("cn=normal,ou=users,dc=ngam,dc=oracle,dc=com")).isPresent();
	}

	@Test
	void namesHoldingAControlCharacterDoNotParse() {
		for (String control : new String[] { "\u0000", "\u0001", "\n", "\r", "\u001F", "\u007F", "\u0085", "\u009F" }) {
			assertThat(DistinguishedName.parse("cn=nor" + control + "mal,ou=users,dc=example,dc=com"))
				.as("%04x", (int) control.charAt(0))
				.isEmpty();
			assertThat(DistinguishedName.parse("cn=normal,ou=users,dc=example,dc=com" + control)).isEmpty();
		}
		assertThat(DistinguishedName.parse("cn=nor\\00mal,ou=users")).as("escaped NUL").isEmpty();
		assertThat(DistinguishedName.parse("cn=nor\\0Amal,ou=users")).as("escaped line feed").isEmpty();
		assertThat(DistinguishedName.parse("cn=nor\\C2\\85mal,ou=users")).as("escaped C1 next line").isEmpty();
		assertThat(DistinguishedName.parse("cn=Jos\\C3\\A9,ou=users")).as("escaped printable UTF-8").isPresent();
	}

}
