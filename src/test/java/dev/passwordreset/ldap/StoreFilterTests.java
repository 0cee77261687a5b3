package dev.passwordreset.ldap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.unboundid.ldap.sdk.Attribute;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check before a writable store adds an entry: NO only when the answer depends on
 * nothing the directory alone knows.
 */
class StoreFilterTests {

	private static final String BASE = "ou=users,dc=example,dc=com";

	private static final List<Attribute> ENTRY = List.of(
			new Attribute("objectClass", "inetOrgPerson", "organizationalPerson", "person", "top"),
			new Attribute("uid", "ann"), new Attribute("cn", "ann"), new Attribute("sn", "Quill"));

	private static final Set<String> CONTROLLED = Set.of("objectclass", "uid", "cn", "sn", "mail", "displayname");

	@Test
	void anEntryWhoseWrittenAttributesFitTheFilterIsFound() {
		assertThat(verdict("(&(objectClass=inetOrgPerson)(uid=a*))", "cn=ann," + BASE))
			.isEqualTo(StoreFilter.Verdict.YES);
	}

	@Test
	void aWrittenAttributeThatDoesNotFitIsKnownBeforeTheAdd() {
		assertThat(verdict("(&(objectClass=inetOrgPerson)(uid=b*))", "cn=ann," + BASE))
			.isEqualTo(StoreFilter.Verdict.NO);
		assertThat(verdict("(mail=*)", "cn=ann," + BASE)).as("a mapped attribute the user has no value for")
			.isEqualTo(StoreFilter.Verdict.NO);
		assertThat(verdict("(!(uid=ann))", "cn=ann," + BASE)).isEqualTo(StoreFilter.Verdict.NO);
	}

	@Test
	void anEntryOutsideTheUserBaseIsNeverFound() {
		assertThat(verdict("(uid=ann)", "cn=ann,ou=elsewhere,dc=example,dc=com")).isEqualTo(StoreFilter.Verdict.NO);
	}

	@Test
	void whatOnlyTheDirectoryKnowsIsLeftToIt() {
		assertThat(verdict("(&(objectCategory=person)(uid=ann))", "cn=ann," + BASE)).as("an attribute it sets")
			.isEqualTo(StoreFilter.Verdict.UNKNOWN);
		assertThat(verdict("(objectClass=posixAccount)", "cn=ann," + BASE)).as("an object class it may imply")
			.isEqualTo(StoreFilter.Verdict.UNKNOWN);
		assertThat(verdict("(uid:caseExactMatch:=ann)", "cn=ann," + BASE)).as("a matching rule it applies")
			.isEqualTo(StoreFilter.Verdict.UNKNOWN);
		assertThat(verdict("(|(objectCategory=person)(uid=ann))", "cn=ann," + BASE))
			.as("an OR that one known part decides")
			.isEqualTo(StoreFilter.Verdict.YES);
		assertThat(verdict("(&(objectCategory=person)(uid=bob))", "cn=ann," + BASE))
			.as("an AND that one known part decides")
			.isEqualTo(StoreFilter.Verdict.NO);
	}

	private static StoreFilter.Verdict verdict(String filter, String dn) {
		LdapProperties.Directory directory = new LdapProperties.Directory("ldap://127.0.0.1:389", false, null, null,
				"cn=svc,dc=example,dc=com", "secret", BASE, filter,
				new LdapProperties.Attributes("uid", "entryUUID", "displayName", "givenName", "sn", "mail",
						"telephoneNumber", "preferredLanguage"),
				PasswordWriteMode.PASSWORD_MODIFY, true, Duration.ofSeconds(5), Duration.ofSeconds(10), 2, true,
				new LdapProperties.NewEntry(List.of("inetOrgPerson"), "cn", null));
		return StoreFilter.wouldFind(new LdapProperties(Map.of("s", directory)).forStore("s").orElseThrow(), dn, ENTRY,
				CONTROLLED);
	}

}
