package dev.passwordreset.api.oam;

import java.util.UUID;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.ldap.DirectoryJourneyTest;
import dev.passwordreset.ldap.SambaDirectory;
import dev.passwordreset.ldap.SambaDirectory.Bind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity store in a real Active Directory, Samba's domain controller
 * ({@link SambaDirectory}), in {@code active-directory} mode (issue 16): the resets go
 * through the service's HTTP API and the directory itself shows what they did, by a bind
 * with the new password and with the old, and by {@code pwdLastSet} and
 * {@code userAccountControl} read back as its administrator. The users are addressed by
 * the {@code objectGUID} the directory gave them.
 */
@DirectoryJourneyTest
class ActiveDirectoryJourneyTests {

	@LocalServerPort
	int port;

	@Test
	void huaweiResetPwdModeOtpSetsAOneTimePasswordThatActiveDirectoryMakesTheUserChange() {
		SambaDirectory directory = SambaDirectory.shared();
		String user = uniqueName();
		String initial = "Initial-Granite-Password-1";
		UUID guid = directory.addUser(user, user + "@example.com", initial);
		String dn = SambaDirectory.dnOf(user);
		HttpApi admin = admin();
		Store ad = OamFixtures.ldapStore(admin, "ad");
		String path = "/v1/identity-stores/" + ad.id() + "/users/" + guid;

		ApiResponse described = admin.get(path);
		ApiResponse reset = admin.post(path + "/reset-password", "{\"mode\": \"OTP\"}");

		assertThat(described.status()).as(described.body()).isEqualTo(200);
		assertThat(described.text("user_name")).isEqualTo(user);
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		String password = reset.text("password");
		TestSecrets.remember(password);
		assertThat(directory.attribute(dn, "pwdLastSet")).as("the user must change it").isEqualTo("0");
		// AD refuses the bind until the change, and says whether the password was right.
		assertThat(directory.bind(dn, password)).isEqualTo(Bind.MUST_CHANGE);
		assertThat(directory.bind(dn, initial)).isEqualTo(Bind.WRONG_PASSWORD);
		ApiResponse signedIn = OamFixtures.signInAnswer(admin, ad, user, password);
		assertThat(signedIn.status()).as("AD's 773 is the right password, to be changed first: " + signedIn.body())
			.isEqualTo(200);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isTrue();
		assertThat(OamFixtures.signIn(admin, ad, user, initial)).isEqualTo(401);

		// The user then sets the one to keep with OAM's change, the one-time password as
		// the current one, as Windows would ask at the next logon.
		String kept = "Kept-Quay-Lantern-Orchard-2027";
		assertSuccess(OamFixtures.changePassword(admin, ad, user, password, kept));
		assertThat(directory.bind(dn, kept)).isEqualTo(Bind.ACCEPTED);
		assertThat(directory.bind(dn, password)).isEqualTo(Bind.WRONG_PASSWORD);
		assertThat(directory.attribute(dn, "pwdLastSet")).isNotEqualTo("0");
	}

	@Test
	void oamResetWithAChosenPasswordChangesItInActiveDirectoryAndTheUserSignsInWithIt() {
		SambaDirectory directory = SambaDirectory.shared();
		String user = uniqueName();
		String initial = "Initial-Granite-Password-2";
		directory.addUser(user, user + "@example.com", initial);
		String dn = SambaDirectory.dnOf(user);
		long before = Long.parseLong(directory.attribute(dn, "pwdLastSet"));
		HttpApi admin = admin();
		Store ad = OamFixtures.ldapStore(admin, "ad");
		Issued issued = OamFixtures.issueCustom(admin, ad, user, "selfservice");
		String password = "Quarry-Lantern-\u00c4hre-64";

		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/ad",
				OamFixtures.otp(ad, user, "selfservice", issued), password, null));

		assertThat(directory.bind(dn, password)).isEqualTo(Bind.ACCEPTED);
		assertThat(directory.bind(dn, initial)).isEqualTo(Bind.WRONG_PASSWORD);
		assertThat(Long.parseLong(directory.attribute(dn, "pwdLastSet"))).as("set to the time of the change")
			.isGreaterThan(before);
		assertThat(OamFixtures.signIn(admin, ad, user, password)).isEqualTo(200);
		assertThat(OamFixtures.signIn(admin, ad, user, initial)).isEqualTo(401);
	}

	@Test
	void activeDirectorysComplexityRefusesWhatTheStorePolicyAllowedWithoutItsMessageAndTheCodeStaysUsable() {
		SambaDirectory directory = SambaDirectory.shared();
		String user = uniqueName();
		String initial = "Initial-Granite-Password-3";
		directory.addUser(user, user + "@example.com", initial);
		String dn = SambaDirectory.dnOf(user);
		HttpApi admin = admin();
		Store ad = OamFixtures.ldapStore(admin, "ad");
		ObjectNode otp = OamFixtures.otp(ad, user, "selfservice",
				OamFixtures.issueCustom(admin, ad, user, "selfservice"));

		// Long enough for the store's policy; one character class, where AD's complexity
		// wants three of four.
		JsonNode refused = assertResult(
				OamFixtures.resetWithOtp(admin, "/" + user + "/ad", otp, "qzvbnmkxwtrplhgfd", null), 422, "5",
				"PASSWORD_POLICY_VIOLATION");

		assertThat(refused.toString()).contains("PasswordDirectoryPolicy")
			.contains("the directory's length, complexity or history requirements")
			.doesNotContain("0000052D")
			.doesNotContain("check_password_restrictions")
			.doesNotContain("Constraint");
		assertThat(directory.bind(dn, initial)).isEqualTo(Bind.ACCEPTED);
		String accepted = "Kestrel-Ridge-Harbour-7";
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/ad", otp, accepted, null));
		assertThat(directory.bind(dn, accepted)).isEqualTo(Bind.ACCEPTED);
	}

	@Test
	void disableUserSetsAccountDisableSoThatActiveDirectoryRefusesTheBindAndEnableUserClearsIt() {
		SambaDirectory directory = SambaDirectory.shared();
		String user = uniqueName();
		String password = "Initial-Granite-Password-4";
		UUID guid = directory.addUser(user, user + "@example.com", password);
		String dn = SambaDirectory.dnOf(user);
		HttpApi admin = admin();
		String path = "/v1/identity-stores/" + OamFixtures.ldapStore(admin, "ad").id() + "/users/" + guid;

		ApiResponse disabled = admin.post(path + "/disable");

		assertThat(disabled.status()).as(disabled.body()).isIn(200, 204);
		assertThat(directory.attribute(dn, "userAccountControl")).as("NORMAL_ACCOUNT | ACCOUNTDISABLE")
			.isEqualTo("514");
		assertThat(directory.bind(dn, password)).isEqualTo(Bind.DISABLED);
		assertThat(admin.get(path).json().get("enabled").asBoolean()).isFalse();

		ApiResponse enabled = admin.post(path + "/enable");

		assertThat(enabled.status()).as(enabled.body()).isIn(200, 204);
		assertThat(directory.attribute(dn, "userAccountControl")).isEqualTo("512");
		assertThat(directory.bind(dn, password)).isEqualTo(Bind.ACCEPTED);
		assertThat(admin.get(path).json().get("enabled").asBoolean()).isTrue();
	}

	private HttpApi admin() {
		return HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	/** A {@code sAMAccountName}: at most 20 characters. */
	private static String uniqueName() {
		return OamFixtures.uniqueName("ad");
	}

}
