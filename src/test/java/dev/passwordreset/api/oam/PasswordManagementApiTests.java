package dev.passwordreset.api.oam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.GOOD_PASSWORD;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAM's password management: the reset with a one-time code and its siblings, how a
 * request names its user, and how distinguished names are matched.
 */
@ApiTest
class PasswordManagementApiTests {

	private static final String APP = "portal";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
	}

	@Test
	void resetWithAValidatedCodeSetsThePasswordOnceAndItSignsIn() {
		OamFixtures.createUser(this.admin, this.store, "dora", "dora@example.com", null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "dora", APP);
		ObjectNode otp = OamFixtures.otp(this.store, "dora", APP, issued);
		assertSuccess(OamFixtures.validateOtp(this.admin, otp));

		assertSuccess(OamFixtures.resetWithOtp(this.admin, "/dora/" + this.store.name(), otp, GOOD_PASSWORD, null));
		assertThat(OamFixtures.signIn(this.admin, this.store, "dora", GOOD_PASSWORD)).isEqualTo(200);
		assertResult(OamFixtures.resetWithOtp(this.admin, "/dora/" + this.store.name(), otp, GOOD_PASSWORD + "!", null),
				422, "3", "OTP_USED");
		assertThat(OamFixtures.signIn(this.admin, this.store, "dora", GOOD_PASSWORD + "!")).isEqualTo(401);
	}

	@Test
	void resetAlsoAcceptsACodeThatWasNeverValidated() {
		OamFixtures.createUser(this.admin, this.store, "eve", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "eve", APP);
		assertSuccess(OamFixtures.resetWithOtp(this.admin, "", OamFixtures.otp(this.store, "eve", APP, issued),
				GOOD_PASSWORD, OamFixtures.username(this.store, "eve", null)));
		assertThat(OamFixtures.signIn(this.admin, this.store, "eve", GOOD_PASSWORD)).isEqualTo(200);
	}

	@Test
	void aPasswordThePolicyRefusesLeavesTheCodeUsable() {
		OamFixtures.createUser(this.admin, this.store, "frank", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "frank", APP);
		ObjectNode otp = OamFixtures.otp(this.store, "frank", APP, issued);
		JsonNode refused = assertResult(
				OamFixtures.resetWithOtp(this.admin, "/frank/" + this.store.name(), otp, "short", null), 422, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(refused.get("messages").valueStream().map((message) -> message.get("displayValue").asString()))
			.contains("Password must be at least 8 characters.");
		assertSuccess(OamFixtures.resetWithOtp(this.admin, "/frank/" + this.store.name(), otp, GOOD_PASSWORD, null));
	}

	@Test
	void theCodeMustBelongToTheUserBeingReset() {
		OamFixtures.createUser(this.admin, this.store, "gina", null, null);
		OamFixtures.createUser(this.admin, this.store, "hank", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "gina", APP);
		assertResult(
				OamFixtures.resetWithOtp(this.admin, "/hank/" + this.store.name(),
						OamFixtures.otp(this.store, "gina", APP, issued), GOOD_PASSWORD, null),
				422, "1", "OTP_INVALID");
	}

	@Test
	void requestsThatNameNoStoreUseTheDefaultOne() {
		// The store bootstrap made; every other test makes stores of its own, more than a
		// page of them.
		String defaultStoreId = this.jdbc.queryForObject("select id from identity_store where name = 'default'",
				String.class);
		Store defaults = new Store(defaultStoreId, "default");
		String userName = OamFixtures.uniqueName("plain");
		OamFixtures.createUser(this.admin, defaults, userName, null, null);
		ApiResponse created = this.admin.post(OamFixtures.MFA + "/createOTP",
				"{\"appName\": \"portal\", \"deliveryChannel\": \"custom\", \"userId\": \"" + userName + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		Issued issued = new Issued(created.text("correlationId"), created.text("minorCode"));
		ObjectNode otp = OamFixtures.otp(defaults, userName, APP, issued);
		otp.remove("idStore");
		assertSuccess(OamFixtures.validateOtp(this.admin, otp));
		assertSuccess(OamFixtures.resetWithOtp(this.admin, "/" + userName, otp, GOOD_PASSWORD, null));
		assertThat(OamFixtures.signIn(this.admin, defaults, userName, GOOD_PASSWORD)).isEqualTo(200);
	}

	@Test
	void thePathNamesTheUserOverTheQueryParameter() {
		OamFixtures.createUser(this.admin, this.store, "path-user", null, null);
		OamFixtures.createUser(this.admin, this.store, "query-user", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "path-user", APP);
		ObjectNode otp = OamFixtures.otp(this.store, "path-user", APP, issued);
		// The code is path-user's: had the query won, the code would belong to someone
		// else.
		assertResult(OamFixtures.resetWithOtp(this.admin,
				"/query-user/" + this.store.name() + "?userdetails=" + userdetails("cn=x", "path-user"), otp,
				GOOD_PASSWORD, null), 422, "1", "OTP_INVALID");
		assertSuccess(OamFixtures.resetWithOtp(this.admin,
				"/path-user/" + this.store.name() + "?userdetails=" + userdetails("cn=x", "query-user"), otp,
				GOOD_PASSWORD, null));
	}

	@Test
	void theQueryParameterNamesTheUserOverTheBody() {
		OamFixtures.createUser(this.admin, this.store, "query-user", null, null);
		OamFixtures.createUser(this.admin, this.store, "body-user", null, null);
		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "query-user", APP);
		ObjectNode otp = OamFixtures.otp(this.store, "query-user", APP, issued);
		assertResult(OamFixtures.resetWithOtp(this.admin, "?userdetails=" + userdetails("cn=x", "body-user"), otp,
				GOOD_PASSWORD, OamFixtures.username(this.store, "query-user", null)), 422, "1", "OTP_INVALID");
		assertSuccess(OamFixtures.resetWithOtp(this.admin, "?userdetails=" + userdetails("cn=x", "query-user"), otp,
				GOOD_PASSWORD, OamFixtures.username(this.store, "body-user", null)));
	}

	@Test
	void equalDistinguishedNamesWrittenDifferentlyMatch() {
		OamFixtures.createUser(this.admin, this.store, "smith", null, "cn=Smith\\, John,ou=Users,dc=example,dc=com");
		for (String dn : new String[] { "cn=Smith\\, John,ou=Users,dc=example,dc=com",
				"CN=smith\\, john, OU=users, DC=Example, DC=COM", "cn = Smith\\2C John , ou=Users,dc=example,dc=com",
				"cn=\"Smith, John\",ou=Users,dc=example,dc=com" }) {
			assertSuccess(validatePassword("?userdetails=" + userdetails(dn, "smith"), null));
			assertSuccess(validatePassword("", OamFixtures.username(this.store, "smith", dn)));
		}
	}

	@Test
	void aDifferentDistinguishedNameDoesNotMatch() {
		OamFixtures.createUser(this.admin, this.store, "jones", null, "cn=jones,ou=users,dc=example,dc=com");
		for (String dn : new String[] { "cn=jones,ou=admins,dc=example,dc=com", "cn=jones,ou=users,dc=example",
				"uid=jones,ou=users,dc=example,dc=com" }) {
			assertResult(validatePassword("?userdetails=" + userdetails(dn, "jones"), null), 404, "6",
					"USER_NOT_FOUND");
		}
	}

	@Test
	void malformedUserdetailsAreRefused() {
		OamFixtures.createUser(this.admin, this.store, "ivy", null, null);
		for (String bad : new String[] { "systemTenant::cn=ivy::" + this.store.name(),
				"otherTenant::cn=ivy::" + this.store.name() + "::ivy",
				"systemTenant::cn=ivy::" + this.store.name() + "::ivy::extra",
				"systemTenant::not a dn::" + this.store.name() + "::ivy", "systemTenant::cn=ivy::::ivy",
				"systemTenant::cn=ivy::" + this.store.name() + "::" }) {
			assertResult(validatePassword("?userdetails=" + encode(bad), null), 400, "10", "MALFORMED_REQUEST");
		}
		assertResult(validatePassword("", null), 400, "10", "MALFORMED_REQUEST");
	}

	@Test
	void validatingAPasswordAnswers200Or400WithTheViolations() {
		OamFixtures.createUser(this.admin, this.store, "kim", null, null);
		assertSuccess(validatePassword("/kim/" + this.store.name(), null, GOOD_PASSWORD));
		JsonNode refused = assertResult(validatePassword("/kim/" + this.store.name(), null, "kim"), 400, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(refused.get("messages").valueStream().map((message) -> message.get("displayValue").asString()))
			.contains("Password must be at least 8 characters.");
		assertThat(refused.get("messages").get(0).get("resourceBundleKey").asString()).isNotBlank();
	}

	@Test
	void eachBrokenRuleCarriesTheKeyThePolicyRetrieverListsForIt() {
		OamFixtures.createUser(this.admin, this.store, "noor", "noor.qadir@example.com", "cn=Noor Qadir");
		this.admin.put("/v1/identity-stores/" + this.store.id() + "/password-policy",
				"{\"password_policy\": {\"minimum_password_length\": 10, \"maximum_password_length\": 64, "
						+ "\"require_uppercase_characters\": true, \"require_lowercase_characters\": true, "
						+ "\"require_numbers\": true, \"require_symbols\": true, \"password_reuse_prevention\": 3}}");
		JsonNode listed = this.admin
			.get(PSWD + "/UserPasswordPolicyRetriever/noor/" + this.store.name() + "?isDescription=true")
			.json()
			.get("messages");
		java.util.Map<String, String> keyBySentence = new java.util.HashMap<>();
		listed.valueStream()
			.forEach((message) -> keyBySentence.put(message.get("displayValue").asString(),
					message.get("resourceBundleKey").asString()));
		assertThat(keyBySentence.values()).doesNotHaveDuplicates();

		// Each password breaks one rule, named by the sentence the retriever shows for
		// that rule.
		java.util.Map<String, String> breaking = new java.util.LinkedHashMap<>();
		breaking.put("Aa1!aa", "Password must be at least 10 characters.");
		breaking.put("Aa1!" + "q".repeat(70), "Password must be at most 64 characters.");
		breaking.put("Aa1!\u0007-Lantern-Meadow", "Password must not contain control characters.");
		breaking.put("quartz-meadow-lantern-42", "Password must contain an upper-case letter.");
		breaking.put("QUARTZ-MEADOW-LANTERN-42", "Password must contain a lower-case letter.");
		breaking.put("Quartz-Meadow-Lantern-xx", "Password must contain a digit.");
		breaking.put("QuartzMeadowLantern42", "Password must contain a symbol.");
		breaking.put("Quartz-Noor-Lantern-42",
				"Password must not contain the user name, the email address or the " + "display name.");
		breaking.put("Quartz-Qadir-Lantern-42",
				"Password must not contain the user name, the email address or the " + "display name.");
		breaking.put("My-Password-Reset-Service-1", "Password must not contain the name of this service.");
		for (java.util.Map.Entry<String, String> entry : breaking.entrySet()) {
			JsonNode refused = assertResult(validatePassword("/noor/" + this.store.name(), null, entry.getKey()), 400,
					"5", "PASSWORD_POLICY_VIOLATION");
			assertThat(
					refused.get("messages").valueStream().map((message) -> message.get("resourceBundleKey").asString()))
				.as("the keys for a password that breaks \"%s\"", entry.getValue())
				.isNotEmpty()
				.containsOnly(keyBySentence.get(entry.getValue()));
		}
		assertThat(keyBySentence).containsEntry("Password must not be a common password.", "PasswordDictionary")
			.containsEntry("Password must not be one of the last 3 passwords.", "PasswordHistory");
	}

	@Test
	void aCommonOrRecentPasswordCarriesTheDictionaryOrHistoryKey() {
		String userId = OamFixtures.createUser(this.admin, this.store, "omar", null, null);
		this.admin.put("/v1/identity-stores/" + this.store.id() + "/password-policy",
				"{\"password_policy\": {\"password_reuse_prevention\": 2}}");
		JsonNode common = assertResult(validatePassword("/omar/" + this.store.name(), null, "password1"), 400, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(common.get("messages").get(0).get("resourceBundleKey").asString()).isEqualTo("PasswordDictionary");

		String oneTime = this.admin
			.post("/v1/identity-stores/" + this.store.id() + "/users/" + userId + "/reset-password",
					"{\"mode\": \"OTP\"}")
			.text("password");
		assertSuccess(this.admin.post(PSWD + "/PasswordResetRequests/omar/" + this.store.name(),
				changeBody(oneTime, GOOD_PASSWORD).toString()));
		JsonNode reused = assertResult(validatePassword("/omar/" + this.store.name(), null, GOOD_PASSWORD), 400, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(reused.get("messages").valueStream().map((message) -> message.get("resourceBundleKey").asString()))
			.containsExactly("PasswordHistory");
		JsonNode listed = this.admin.get(PSWD + "/UserPasswordPolicyRetriever/omar/" + this.store.name()).json();
		assertThat(listed.get("messages").valueStream().map((message) -> message.get("resourceBundleKey").asString()))
			.contains("PasswordDictionary", "PasswordHistory");
	}

	@Test
	void passwordManagementSuccessesCarryAnEmptyMessagesList() {
		String userId = OamFixtures.createUser(this.admin, this.store, "pia", null, null);
		JsonNode valid = assertSuccess(validatePassword("/pia/" + this.store.name(), null, GOOD_PASSWORD));
		assertThat(valid.propertyNames()).containsExactly("message", "minorCode", "resultCode", "messages");
		assertThat(valid.get("messages").isArray()).isTrue();
		assertThat(valid.get("messages").isEmpty()).isTrue();

		String oneTime = this.admin
			.post("/v1/identity-stores/" + this.store.id() + "/users/" + userId + "/reset-password",
					"{\"mode\": \"OTP\"}")
			.text("password");
		JsonNode changed = assertSuccess(this.admin.post(PSWD + "/PasswordResetRequests/pia/" + this.store.name(),
				changeBody(oneTime, GOOD_PASSWORD).toString()));
		assertThat(changed.get("messages").isArray()).isTrue();
		assertThat(changed.get("messages").isEmpty()).isTrue();

		Issued issued = OamFixtures.issueCustom(this.admin, this.store, "pia", APP);
		JsonNode reset = assertSuccess(OamFixtures.resetWithOtp(this.admin, "/pia/" + this.store.name(),
				OamFixtures.otp(this.store, "pia", APP, issued), "Granite-Harbor-Willow-77", null));
		assertThat(reset.get("messages").isArray()).isTrue();
		assertThat(reset.get("messages").isEmpty()).isTrue();
	}

	@Test
	void thePolicyIsDescribedAsMessages() {
		OamFixtures.createUser(this.admin, this.store, "lee", null, null);
		this.admin.put("/v1/identity-stores/" + this.store.id() + "/password-policy",
				"{\"password_policy\": {\"minimum_password_length\": 12, \"require_numbers\": true}}");
		ApiResponse described = this.admin
			.get(PSWD + "/UserPasswordPolicyRetriever/lee/" + this.store.name() + "?isDescription=true");
		assertThat(described.status()).as(described.body()).isEqualTo(200);
		JsonNode messages = described.json().get("messages");
		assertThat(messages.valueStream().map((message) -> message.get("displayValue").asString()))
			.contains("Password must be at least 12 characters.", "Password must contain a digit.");
		assertThat(messages.get(0).propertyNames()).containsExactlyInAnyOrder("displayValue", "resourceBundleKey");

		JsonNode values = this.admin
			.get(PSWD + "/UserPasswordPolicyRetriever?isDescription=false&userdetails=" + userdetails("cn=lee", "lee"))
			.json()
			.get("messages");
		assertThat(values.get(0).get("resourceBundleKey").asString()).isEqualTo("PasswordMinLength");
		assertThat(values.get(0).get("displayValue").asString()).isEqualTo("12");
		assertResult(this.admin.get(PSWD + "/UserPasswordPolicyRetriever/nobody/" + this.store.name()), 404, "6",
				"USER_NOT_FOUND");
		assertResult(this.admin.get(PSWD + "/UserPasswordPolicyRetriever?isDescription=maybe"), 400, "10",
				"MALFORMED_REQUEST");
	}

	@Test
	void aUserWithAOneTimePasswordSetsTheirOwnWithTheOriginalPassword() {
		String userId = OamFixtures.createUser(this.admin, this.store, "max", null, null);
		String oneTime = this.admin
			.post("/v1/identity-stores/" + this.store.id() + "/users/" + userId + "/reset-password",
					"{\"mode\": \"OTP\"}")
			.text("password");
		ObjectNode wrong = changeBody("not-" + oneTime, GOOD_PASSWORD);
		assertResult(this.admin.post(PSWD + "/PasswordResetRequests/max/" + this.store.name(), wrong.toString()), 422,
				"14", "ORIGINAL_PASSWORD_INCORRECT");
		assertResult(this.admin.post(PSWD + "/PasswordResetRequests/max/" + this.store.name(),
				changeBody(oneTime, "tiny").toString()), 422, "5", "PASSWORD_POLICY_VIOLATION");
		assertSuccess(this.admin.post(PSWD + "/PasswordResetRequests/max/" + this.store.name(),
				changeBody(oneTime, GOOD_PASSWORD).toString()));
		ApiResponse signedIn = this.admin.post("/v1/identity-stores/" + this.store.id() + "/authenticate",
				OamFixtures.JSON.createObjectNode().put("user_name", "max").put("password", GOOD_PASSWORD).toString());
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(signedIn.json().get("password_change_required").asBoolean()).isFalse();
	}

	private ObjectNode changeBody(String original, String changed) {
		TestSecrets.remember(original);
		TestSecrets.remember(changed);
		return OamFixtures.JSON.createObjectNode().put("originalpassword", original).put("newpassword", changed);
	}

	private ApiResponse validatePassword(String pathAndQuery, ObjectNode username) {
		return validatePassword(pathAndQuery, username, GOOD_PASSWORD);
	}

	private ApiResponse validatePassword(String pathAndQuery, ObjectNode username, String password) {
		ObjectNode body = OamFixtures.JSON.createObjectNode().put("password", password);
		if (username != null) {
			body.set("username", username);
		}
		return this.admin.post(PSWD + "/PasswordValidateRequests" + pathAndQuery, body.toString());
	}

	private String userdetails(String dn, String userName) {
		return encode("systemTenant::" + dn + "::" + this.store.name() + "::" + userName);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
