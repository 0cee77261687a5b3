package dev.passwordreset.ldap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.ldap.SambaDirectory.Bind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Active Directory mode against a real AD domain controller, Samba's
 * ({@link SambaDirectory}), through the service's own {@link LdapDirectories}: the
 * directory itself checks the quoted UTF-16LE {@code unicodePwd}, sets or keeps
 * {@code pwdLastSet}, applies its password policy, refuses the binds of a disabled
 * account, and writes the {@code objectGUID} the store keys its users by.
 * {@link ActiveDirectoryModeTests} keeps what only a recording directory can show (the
 * exact bytes sent, a concurrent change of another flag).
 */
class SambaActiveDirectoryTests {

	private SambaDirectory directory;

	private LdapDirectories directories;

	@BeforeEach
	void connect() {
		this.directory = SambaDirectory.shared();
		LdapProperties.Directory ad = new LdapProperties.Directory(this.directory.url(), false,
				this.directory.trustStore(), this.directory.trustStorePassword(), SambaDirectory.SERVICE_DN,
				this.directory.serviceSecret(), SambaDirectory.USERS, "(&(objectCategory=person)(objectClass=user))",
				new LdapProperties.Attributes("sAMAccountName", "objectGUID", "displayName", "givenName", "sn", "mail",
						"telephoneNumber", "preferredLanguage"),
				PasswordWriteMode.ACTIVE_DIRECTORY, false, Duration.ofSeconds(5), Duration.ofSeconds(10), 2, false,
				new LdapProperties.NewEntry(List.of("top", "person", "organizationalPerson", "user"), "cn", null));
		this.directories = new LdapDirectories(new LdapProperties(Map.of("ad", ad)), new SimpleMeterRegistry());
	}

	@AfterEach
	void close() {
		this.directories.destroy();
	}

	@Test
	void theUserIsFoundByTheObjectGuidActiveDirectoryGaveIt() {
		String name = uniqueName();
		UUID guid = this.directory.addUser(name, name + "@example.com", "Initial-Granite-Password-1");

		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		assertThat(user.id()).as("AD's own text form of the GUID, read through the extended DN control")
			.isEqualTo(guid);
		assertThat(user.dn()).isEqualToIgnoringCase(SambaDirectory.dnOf(name));
		assertThat(user.emails()).containsExactly(name + "@example.com");
		assertThat(user.enabled()).isTrue();
		assertThat(this.directories.findById("ad", guid)).contains(user);
		assertThat(this.directories.describe("ad", guid)).hasValueSatisfying((described) -> {
			assertThat(described.userName()).isEqualTo(name);
		});
	}

	@Test
	void aRequiredChangeSetsThePasswordAndZeroesPwdLastSetSoThatTheRightPasswordMustBeChangedFirst() {
		String name = uniqueName();
		String initial = "Initial-Granite-Password-2";
		this.directory.addUser(name, name + "@example.com", initial);
		String dn = SambaDirectory.dnOf(name);
		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		this.directories.setPassword("ad", user, "Neues-Passwort-\u00e4-2026", true);

		assertThat(this.directory.attribute(dn, "pwdLastSet")).isEqualTo("0");
		// AD refuses a simple bind until the password is changed, and says which:
		// 773 for the right password, 52e for a wrong one.
		assertThat(this.directory.bind(dn, "Neues-Passwort-\u00e4-2026")).isEqualTo(Bind.MUST_CHANGE);
		assertThat(this.directory.bind(dn, initial)).isEqualTo(Bind.WRONG_PASSWORD);
		assertThat(this.directories.checkPassword("ad", user.dn(), "Neues-Passwort-\u00e4-2026"))
			.as("AD's 773: the right password, to be changed first")
			.isEqualTo(PasswordCheck.RIGHT_MUST_CHANGE);
		assertThat(this.directories.checkPassword("ad", user.dn(), initial)).isEqualTo(PasswordCheck.WRONG);
	}

	@Test
	void aPasswordTheUserKeepsBindsAndLeavesPwdLastSetTheTimeOfTheChange() {
		String name = uniqueName();
		String initial = "Initial-Granite-Password-3";
		this.directory.addUser(name, name + "@example.com", initial);
		String dn = SambaDirectory.dnOf(name);
		long before = Long.parseLong(this.directory.attribute(dn, "pwdLastSet"));
		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		this.directories.setPassword("ad", user, "Kept-Password-\u00e9-2026", false);

		assertThat(Long.parseLong(this.directory.attribute(dn, "pwdLastSet"))).isGreaterThan(before);
		assertThat(this.directory.bind(dn, "Kept-Password-\u00e9-2026")).isEqualTo(Bind.ACCEPTED);
		assertThat(this.directory.bind(dn, initial)).isEqualTo(Bind.WRONG_PASSWORD);
		assertThat(this.directories.checkPassword("ad", user.dn(), "Kept-Password-\u00e9-2026"))
			.isEqualTo(PasswordCheck.RIGHT);
		assertThat(this.directories.checkPassword("ad", user.dn(), initial)).isEqualTo(PasswordCheck.WRONG);
	}

	@Test
	void activeDirectorysComplexityAndLengthRefusalsAreRefusalsWithoutItsMessageAndChangeNothing() {
		String name = uniqueName();
		String initial = "Initial-Granite-Password-4";
		this.directory.addUser(name, name + "@example.com", initial);
		String dn = SambaDirectory.dnOf(name);
		String pwdLastSet = this.directory.attribute(dn, "pwdLastSet");
		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		// One character class only: AD's complexity wants three of four.
		assertThatExceptionOfType(DirectoryPasswordRefusedException.class)
			.isThrownBy(() -> this.directories.setPassword("ad", user, "onlylowercaseletters", true))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DirectoryPasswordRefusedException.Reason.REFUSED))
			.withMessageNotContaining("0000052D")
			.withMessageNotContaining("complexity");
		// Shorter than the domain's 7 characters.
		assertThatExceptionOfType(DirectoryPasswordRefusedException.class)
			.isThrownBy(() -> this.directories.setPassword("ad", user, "Ab1-x", false))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DirectoryPasswordRefusedException.Reason.REFUSED));

		assertThat(this.directory.bind(dn, initial)).isEqualTo(Bind.ACCEPTED);
		assertThat(this.directory.attribute(dn, "pwdLastSet")).as("the refused change set no pwdLastSet either")
			.isEqualTo(pwdLastSet);
	}

	@Test
	void anAdministratorsResetIsNotHeldToTheHistoryAsInWindows() {
		String name = uniqueName();
		String initial = "Initial-Granite-Password-5";
		this.directory.addUser(name, name + "@example.com", initial);
		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		this.directories.setPassword("ad", user, "Between-Granite-Password-5", false);
		this.directories.setPassword("ad", user, initial, false);

		assertThat(this.directory.bind(SambaDirectory.dnOf(name), initial)).isEqualTo(Bind.ACCEPTED);
	}

	@Test
	void disablingSetsAccountDisableSoThatTheDirectoryRefusesTheBindAndEnablingClearsIt() {
		String name = uniqueName();
		String password = "Initial-Granite-Password-6";
		this.directory.addUser(name, name + "@example.com", password);
		String dn = SambaDirectory.dnOf(name);
		DirectoryUser user = this.directories.findByUserName("ad", name).orElseThrow();

		this.directories.setEnabled("ad", user, false);

		assertThat(this.directory.attribute(dn, "userAccountControl")).isEqualTo("514");
		assertThat(this.directory.bind(dn, password)).isEqualTo(Bind.DISABLED);
		assertThat(this.directories.findById("ad", user.id()))
			.hasValueSatisfying((read) -> assertThat(read.enabled()).isFalse());

		this.directories.setEnabled("ad", user, false);
		this.directories.setEnabled("ad", user, true);

		assertThat(this.directory.attribute(dn, "userAccountControl")).isEqualTo("512");
		assertThat(this.directory.bind(dn, password)).isEqualTo(Bind.ACCEPTED);
		assertThat(this.directories.findById("ad", user.id()))
			.hasValueSatisfying((read) -> assertThat(read.enabled()).isTrue());
	}

	/** A {@code sAMAccountName}: at most 20 characters. */
	static String uniqueName() {
		return "ad-" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL, 36);
	}

}
