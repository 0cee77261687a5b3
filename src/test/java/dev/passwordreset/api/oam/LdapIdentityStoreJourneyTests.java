package dev.passwordreset.api.oam;

import java.util.UUID;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.ldap.TestDirectory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity stores in a real OpenLDAP (issue 16): every reset here changes the password in
 * the directory, proven by a bind with the new password and a failed bind with the old
 * one. The store named {@code oud} is an LDAP store, so the seed page's own
 * {@code userdetails} work against it; {@code oud-replace} is the same directory written
 * in {@code replace} mode.
 * <p>
 * The context has a database of its own: the other OAM journeys make an internal store
 * named {@code oud} in the shared one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LdapIdentityStoreJourneyTests {

	private static final String USERDETAILS = "systemTenant::" + TestDirectory.SEED_DN + "::oud::normal";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		TestDirectory directory = TestDirectory.shared();
		TestSecrets.remember(directory.serviceSecret());
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:mem:ldap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
		for (String store : new String[] { "oud", "oud-replace" }) {
			String prefix = "reset.ldap.stores." + store + ".";
			registry.add(prefix + "url", directory::url);
			registry.add(prefix + "bind-dn", () -> TestDirectory.SERVICE_DN);
			registry.add(prefix + "bind-password", directory::serviceSecret);
			registry.add(prefix + "user-base", () -> TestDirectory.USERS);
			// Loopback only: the tests' slapd has no certificate.
			registry.add(prefix + "allow-unprotected-password-writes", () -> "true");
		}
		registry.add("reset.ldap.stores.oud-replace.password-write-mode", () -> "replace");
	}

	@Test
	void createOtpValidateOtpAndResetWithTheSeedsUserdetailsChangeThePasswordInTheDirectory() {
		TestDirectory directory = TestDirectory.shared();
		String old = "Seed-Before-Reset-Password-1";
		directory.resetAsRoot(TestDirectory.SEED_DN, old);
		HttpApi admin = admin();
		Store oud = ldapStore(admin, "oud");

		Issued issued = OamFixtures.issueCustom(admin, oud, "normal", "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, "normal", "selfservice", issued);
		assertSuccess(OamFixtures.validateOtp(admin, otp));
		String password = "Orchid-Tundra-Beacon-58-Ledger";
		assertSuccess(OamFixtures.resetWithOtp(admin, "?userdetails=" + USERDETAILS, otp, password, null));

		assertThat(directory.canBind(TestDirectory.SEED_DN, password)).isTrue();
		assertThat(directory.canBind(TestDirectory.SEED_DN, old)).isFalse();
		assertResult(OamFixtures.resetWithOtp(admin, "?userdetails=" + USERDETAILS, otp,
				"Another-Password-Entirely-19-Long", null), 422, "3", "OTP_USED");
	}

	@Test
	void aDistinguishedNameThatIsNotTheDirectorysEntryForTheUserFindsNobody() {
		HttpApi admin = admin();
		Store oud = ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, "normal", "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, "normal", "selfservice", issued);

		ApiResponse answer = OamFixtures.resetWithOtp(admin,
				"?userdetails=systemTenant::cn=other,ou=users,dc=ngam,dc=oracle,dc=com::oud::normal", otp,
				"Orchid-Tundra-Beacon-58-Other", null);

		assertThat(answer.status()).isEqualTo(404);
	}

	@Test
	void theDirectorysPolicyRefusesWhatTheStorePolicyAllowedWithTheReasonAndTheCodeStaysUsable() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("short");
		String initial = "Initial-Granite-Password-1";
		directory.addUser(user, user + "@example.com", initial);
		HttpApi admin = admin();
		Store oud = ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		String dn = "cn=" + user + "," + TestDirectory.USERS;

		// 15 characters: our store's policy (at least 8) allows it, the directory's (16)
		// does not.
		JsonNode tooShort = assertResult(
				OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, "Kestrel-Ridge-7", null), 422, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(tooShort.toString()).contains("shorter than the directory's password policy allows")
			.contains("PasswordMinLength")
			.doesNotContain("quality")
			.doesNotContain("Constraint");
		// The directory remembers the initial password, which this service never saw.
		JsonNode reused = assertResult(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, initial, null), 422,
				"5", "PASSWORD_POLICY_VIOLATION");
		assertThat(reused.toString()).contains("recent passwords").contains("PasswordHistory");
		assertThat(directory.canBind(dn, initial)).isTrue();

		String accepted = "Kestrel-Ridge-Harbour-Lantern-7";
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, accepted, null));
		assertThat(directory.canBind(dn, accepted)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
	}

	@Test
	void huaweiResetPwdModeOtpInReplaceModeSetsAOneTimePasswordTheDirectoryHashes() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("replace");
		String initial = "Initial-Granite-Password-2";
		UUID id = directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store store = ldapStore(admin, "oud-replace");

		ApiResponse reset = admin.post("/v1/identity-stores/" + store.id() + "/users/" + id + "/reset-password",
				"{\"mode\": \"OTP\"}");

		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		String password = reset.text("password");
		TestSecrets.remember(password);
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
		// Sent in the clear over the (test's unprotected) connection, stored hashed.
		assertThat(directory.storedPassword(dn)).startsWith("{SSHA}").doesNotContain(password);
	}

	@Test
	void aDirectoryStoppedInTheMiddleAnswers503SpendsNothingAndTheSameCodeWorksWhenItIsBack() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("outage");
		String initial = "Initial-Granite-Password-3";
		directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		String password = "Harbour-Survivor-Password-2026";

		ApiResponse down;
		directory.stop();
		try {
			down = OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null);
		}
		finally {
			directory.start();
		}

		assertResult(down, 503, "17", "SERVICE_UNAVAILABLE");
		assertThat(down.header("Retry-After")).isNotBlank();
		assertThat(directory.canBind(dn, initial)).isTrue();
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null));
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
	}

	@Test
	void anLdapStoreWithoutAConfiguredDirectoryIsRefused() {
		ApiResponse created = admin().post("/v1/identity-stores",
				"{\"name\": \"" + OamFixtures.uniqueName("nodir") + "\", \"kind\": \"ldap\"}");

		assertThat(created.status()).as(created.body()).isEqualTo(400);
		assertThat(created.body()).contains("reset.ldap.stores.");
	}

	private HttpApi admin() {
		return HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	/** The LDAP store of this name, created by the first test that needs it. */
	private static Store ldapStore(HttpApi admin, String name) {
		ApiResponse created = admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\", \"kind\": \"ldap\"}");
		if (created.status() == 201) {
			assertThat(created.text("kind")).isEqualTo("ldap");
			return new Store(created.text("identity_store_id"), name);
		}
		assertThat(created.status()).as(created.body()).isEqualTo(409);
		ApiResponse instances = admin.get("/v1/instances?limit=100");
		for (JsonNode store : instances.json().get("instances")) {
			if (store.get("alias").asString().equals(name)) {
				return new Store(store.get("identity_store_id").asString(), name);
			}
		}
		throw new IllegalStateException("store " + name + " exists but is not listed");
	}

}
