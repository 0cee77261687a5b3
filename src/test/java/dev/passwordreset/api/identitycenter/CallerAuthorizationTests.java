package dev.passwordreset.api.identitycenter;

import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on who may call what: every operation in {@link IdentityCenterAction} is tried
 * without credentials, with bad ones, and by accounts that lack the role.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class CallerAuthorizationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi anonymous;

	HttpApi admin;

	String store;

	String memberAccountId;

	TestCredentials member;

	@BeforeEach
	void accounts() {
		this.anonymous = HttpApi.on(this.port);
		this.admin = this.anonymous.as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
		this.memberAccountId = IdentityCenterFixtures.createAccount(this.admin);
		this.member = IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
	}

	@ParameterizedTest
	@EnumSource(IdentityCenterAction.class)
	void everyOperationRefusesCallersWithoutCredentials(IdentityCenterAction action) {
		assertError(call(this.anonymous, action), 401, "APIGW.0301");
	}

	@ParameterizedTest
	@EnumSource(IdentityCenterAction.class)
	void everyOperationRefusesAWrongSecret(IdentityCenterAction action) {
		HttpApi forged = this.anonymous.as(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
				TestCredentials.MANAGEMENT.secret().replace('T', 'X')));
		assertError(call(forged, action), 401, "APIGW.0301");
	}

	@ParameterizedTest
	@EnumSource(value = IdentityCenterAction.class, mode = EnumSource.Mode.EXCLUDE, names = { "CREATE_ACCESS_KEY",
			"LIST_ACCESS_KEYS", "DELETE_ACCESS_KEY", "CREATE_BEARER_TOKEN", "CREATE_TEMPORARY_CREDENTIALS" })
	void memberAccountsMayNotAdministerAnything(IdentityCenterAction action) {
		JsonNode error = assertError(call(this.anonymous.as(this.member), action), 403, "IIC.1000");
		assertThat(error.get("error_msg").asString())
			.isEqualTo("No permission for action " + action.actionName() + ".");
		JsonNode denial = decode(error.get("encoded_authorization_message").asString());
		assertThat(denial.get("account_id").asString()).isEqualTo(this.memberAccountId);
		assertThat(denial.get("access_key_id").asString()).isEqualTo(this.member.accessKeyId());
		assertThat(denial.get("role").asString()).isEqualTo("MEMBER");
		assertThat(denial.get("action").asString()).isEqualTo(action.actionName());
		assertThat(denial.get("resource").asString()).startsWith("/v");
		assertThat(denial.get("reason").asString()).startsWith("no allow:");
		assertThat(denial.get("request_id").asString()).isNotBlank();
	}

	@Test
	void delegatedAdministratorIsToldWhyItMayNotManageTheOrganization() {
		this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId);
		JsonNode error = assertError(this.anonymous.as(this.member).get("/v1/organization"), 403, "IIC.1000");
		JsonNode denial = decode(error.get("encoded_authorization_message").asString());
		assertThat(denial.get("role").asString()).isEqualTo("DELEGATED_ADMINISTRATOR");
		assertThat(denial.get("reason").asString()).contains("management account");
		assertThat(denial.get("resource").asString()).isEqualTo("/v1/organization");
	}

	@Test
	void onlyTheManagementAccountDecodesAuthorizationMessages() {
		String encoded = assertError(this.anonymous.as(this.member).get("/v1/instances"), 403, "IIC.1000")
			.get("encoded_authorization_message")
			.asString();
		assertThat(encoded).doesNotContain(this.memberAccountId).doesNotContain("identitycenter");
		this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId);
		assertError(
				this.anonymous.as(this.member)
					.post("/v5/decode-authorization-message", "{\"encoded_message\": \"" + encoded + "\"}"),
				403, "IIC.1000");

		String altered = encoded.substring(0, encoded.length() - 2) + (encoded.endsWith("AA") ? "BB" : "AA");
		assertError(this.admin.post("/v5/decode-authorization-message", "{\"encoded_message\": \"" + altered + "\"}"),
				400, "IIC.400");
		assertError(this.admin.post("/v5/decode-authorization-message", "{\"encoded_message\": \"not-a-message\"}"),
				400, "IIC.400");
	}

	private JsonNode decode(String encoded) {
		ApiResponse decoded = this.admin.post("/v5/decode-authorization-message",
				"{\"encoded_message\": \"" + encoded + "\"}");
		assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
		return HttpApiJson.parse(decoded.text("decoded_message"));
	}

	@Test
	void delegatedAdministratorManagesUsersButNotTheOrganization() {
		assertThat(this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId).status())
			.isEqualTo(200);
		HttpApi delegated = this.anonymous.as(this.member);
		String users = "/v1/identity-stores/" + this.store + "/users";
		ApiResponse created = delegated.post(users, "{\"user_name\": \"delegated-made\"}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(delegated.get(users + "/" + created.text("user_id")).json().get("created_by").asString())
			.isEqualTo(this.memberAccountId);
		assertThat(delegated.get("/v1/instances").status()).isEqualTo(200);
		assertThat(delegated.get("/v1/identity-stores/" + this.store + "/password-policy").status()).isEqualTo(200);

		assertError(delegated.get("/v1/organization"), 403, "IIC.1000");
		assertError(delegated.post("/v1/organization/accounts", "{\"name\": \"sneaky\"}"), 403, "IIC.1000");
		assertError(delegated.post("/v1/organization/delegated-administrators/" + this.memberAccountId), 403,
				"IIC.1000");
		assertError(delegated.post("/v1/identity-stores", "{\"name\": \"sneaky-store\"}"), 403, "IIC.1000");
		assertError(delegated.get("/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys"), 403,
				"IIC.1000");
	}

	@Test
	void removingADelegationTakesEffectOnTheNextRequest() {
		this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId);
		HttpApi delegated = this.anonymous.as(this.member);
		assertThat(delegated.get("/v1/identity-stores/" + this.store + "/users").status()).isEqualTo(200);

		this.admin.delete("/v1/organization/delegated-administrators/" + this.memberAccountId);
		assertError(delegated.get("/v1/identity-stores/" + this.store + "/users"), 403, "IIC.1000");
	}

	@Test
	void accountsManageOnlyTheirOwnAccessKeys() {
		HttpApi memberApi = this.anonymous.as(this.member);
		String ownKeys = "/v1/accounts/" + this.memberAccountId + "/access-keys";
		JsonNode listed = memberApi.get(ownKeys).json().get("credentials");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).get("access").asString()).isEqualTo(this.member.accessKeyId());
		assertThat(listed.get(0).has("secret")).isFalse();

		String otherAccountId = IdentityCenterFixtures.createAccount(this.admin);
		assertError(memberApi.get("/v1/accounts/" + otherAccountId + "/access-keys"), 403, "IIC.1000");
		assertError(memberApi.post("/v1/accounts/" + otherAccountId + "/access-keys"), 403, "IIC.1000");
		assertThat(this.admin.get("/v1/accounts/" + otherAccountId + "/access-keys").status()).isEqualTo(200);
	}

	@Test
	void deletedAccessKeyStopsWorkingAtOnce() {
		TestCredentials second = IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
		HttpApi secondApi = this.anonymous.as(second);
		String ownKeys = "/v1/accounts/" + this.memberAccountId + "/access-keys";
		assertThat(secondApi.get(ownKeys).status()).isEqualTo(200);

		assertThat(this.anonymous.as(this.member).delete(ownKeys + "/" + second.accessKeyId()).status()).isEqualTo(204);
		assertError(secondApi.get(ownKeys), 401, "APIGW.0301");
		assertError(this.admin.delete(ownKeys + "/" + second.accessKeyId()), 404, "IIC.404");
	}

	@Test
	void anAccountHoldsAtMostTwoAccessKeys() {
		IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
		assertError(this.admin.post("/v1/accounts/" + this.memberAccountId + "/access-keys"), 409, "IIC.1007");
		assertError(this.admin.post("/v1/accounts/ffffffffffffffffffffffffffffffff/access-keys"), 404, "IIC.404");
	}

	@Test
	void secretsAreEncryptedAtRestAndNeverLogged(CapturedOutput output) {
		ApiResponse created = this.admin
			.post("/v1/accounts/" + IdentityCenterFixtures.createAccount(this.admin) + "/access-keys");
		JsonNode credential = created.json().get("credential");
		String accessKeyId = credential.get("access").asString();
		String secret = credential.get("secret").asString();
		assertThat(accessKeyId).matches("[A-Z0-9]{20}").startsWith("AK");
		assertThat(secret).matches("[A-Za-z0-9]{40}");
		assertThat(this.anonymous.as(new TestCredentials(accessKeyId, secret))
			.get("/v1/accounts/" + credential.get("account_id").asString() + "/access-keys")
			.status()).isEqualTo(200);

		String stored = this.jdbc.queryForObject("select secret_ciphertext from access_key where access_key_id = ?",
				String.class, accessKeyId);
		assertThat(stored).doesNotContain(secret);
		assertThat(output.getAll()).doesNotContain(secret).doesNotContain(TestCredentials.MANAGEMENT.secret());
	}

	@Test
	void aCiphertextMovedToAnotherKeyDoesNotAuthenticate() {
		TestCredentials second = IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
		// An attacker with write access to the table copies a known key's ciphertext onto
		// another key.
		this.jdbc.update(
				"update access_key set secret_ciphertext = (select secret_ciphertext from access_key where "
						+ "access_key_id = ?) where access_key_id = ?",
				this.member.accessKeyId(), second.accessKeyId());
		assertError(this.anonymous.as(new TestCredentials(second.accessKeyId(), this.member.secret()))
			.get("/v1/accounts/" + this.memberAccountId + "/access-keys"), 401, "APIGW.0301");
	}

	private ApiResponse call(HttpApi api, IdentityCenterAction action) {
		String path = switch (action) {
			case LIST_INSTANCES -> "/v1/instances";
			case CREATE_IDENTITY_STORE -> "/v1/identity-stores";
			case GET_IDENTITY_STORE_SUMMARY -> store() + "/identity-store-summary";
			case DESCRIBE_PASSWORD_POLICY, UPDATE_PASSWORD_POLICY -> store() + "/password-policy";
			case CREATE_USER, LIST_USERS -> store() + "/users";
			case DESCRIBE_USER, UPDATE_USER, DELETE_USER -> store() + "/users/" + UUID.randomUUID();
			case ENABLE_USER -> store() + "/users/" + UUID.randomUUID() + "/enable";
			case RESET_USER_PASSWORD -> store() + "/users/" + UUID.randomUUID() + "/reset-password";
			case AUTHENTICATE_USER -> store() + "/authenticate";
			case DISABLE_USER -> store() + "/users/" + UUID.randomUUID() + "/disable";
			case GET_USER_ID -> store() + "/users/retrieve-user-id";
			case CREATE_GROUP, LIST_GROUPS -> store() + "/groups";
			case GET_GROUP_ID -> store() + "/groups/retrieve-group-id";
			case DESCRIBE_GROUP, UPDATE_GROUP, DELETE_GROUP -> store() + "/groups/" + UUID.randomUUID();
			case CREATE_GROUP_MEMBERSHIP -> store() + "/group-memberships";
			case LIST_GROUP_MEMBERSHIPS -> store() + "/group-memberships?group_id=" + UUID.randomUUID();
			case GET_GROUP_MEMBERSHIP_ID -> store() + "/group-memberships/retrieve-group-membership-id";
			case DESCRIBE_GROUP_MEMBERSHIP, DELETE_GROUP_MEMBERSHIP ->
				store() + "/group-memberships/" + UUID.randomUUID();
			case LIST_GROUP_MEMBERSHIPS_FOR_MEMBER ->
				store() + "/group-memberships-for-member?user_id=" + UUID.randomUUID();
			case IS_MEMBER_IN_GROUPS -> store() + "/is-member-in-groups";
			case DESCRIBE_ORGANIZATION -> "/v1/organization";
			case CREATE_ACCOUNT -> "/v1/organization/accounts";
			case REGISTER_DELEGATED_ADMINISTRATOR, DEREGISTER_DELEGATED_ADMINISTRATOR ->
				"/v1/organization/delegated-administrators/" + this.memberAccountId;
			case CREATE_ACCESS_KEY, LIST_ACCESS_KEYS ->
				"/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys";
			case DELETE_ACCESS_KEY -> "/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys/"
					+ TestCredentials.MANAGEMENT.accessKeyId();
			case DECODE_AUTHORIZATION_MESSAGE -> "/v5/decode-authorization-message";
			case CREATE_BEARER_TOKEN -> "/v1/auth/tokens";
			case CREATE_TEMPORARY_CREDENTIALS -> "/v3.0/OS-CREDENTIAL/securitytokens";
			case LIST_AUDIT_EVENTS -> "/v1/audit-events";
		};
		String method = action.route().method().name();
		String body = method.equals("POST") || method.equals("PUT")
				? "{\"name\": \"x\", \"user_name\": \"x\", \"encoded_message\": \"x\"}" : null;
		return api.send(method, path, (body != null) ? "application/json" : null, body);
	}

	private String store() {
		return "/v1/identity-stores/" + this.store;
	}

}
