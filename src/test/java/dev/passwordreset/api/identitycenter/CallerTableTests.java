package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.identitycenter.IdentityCenterAction.Audience;
import dev.passwordreset.security.ForgedTokens;
import dev.passwordreset.security.SdkRequestSigner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of caller against every operation of {@link IdentityCenterAction}: only the
 * allowed callers get through; the others get the 401 or 403 that says why.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerTableTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	HttpApi api;

	String store;

	String targetAccountId;

	TestCredentials delegated;

	TestCredentials member;

	TestCredentials revokedDelegate;

	TestCredentials deletedKey;

	JsonNode temporary;

	JsonNode otherTemporary;

	JsonNode bearer;

	JsonNode temporaryBearer;

	String memberAccountId;

	/** How a kind of caller presents itself on a request. */
	interface Presenter {

		HttpApi present(CallerTableTests test, String method, String pathAndQuery, @Nullable String body);

	}

	enum Caller {

		MANAGEMENT_WITH_BASIC(Allowed.EVERYTHING, (t, m, p, b) -> t.api.as(TestCredentials.MANAGEMENT)),

		MANAGEMENT_WITH_SIGNATURE(Allowed.EVERYTHING,
				(t, m, p, b) -> t.signed(m, p, b, TestCredentials.MANAGEMENT.accessKeyId(),
						TestCredentials.MANAGEMENT.secret(), null, Instant.now())),

		MANAGEMENT_WITH_BEARER(Allowed.ALL_BUT_MINTING_SAVE_TEMPORARY_CREDENTIALS,
				(t, m, p, b) -> t.api.header("Authorization", "Bearer " + t.bearer.get("access_token").asString())),

		MANAGEMENT_WITH_X_AUTH_TOKEN(Allowed.ALL_BUT_MINTING_SAVE_TEMPORARY_CREDENTIALS,
				(t, m, p, b) -> t.api.header("X-Auth-Token", t.bearer.get("access_token").asString())),

		MANAGEMENT_WITH_TEMPORARY_BEARER(Allowed.ALL_BUT_MINTING,
				(t, m, p, b) -> t.api
					.header("Authorization", "Bearer " + t.temporaryBearer.get("access_token").asString())
					.header("X-Security-Token", t.temporaryBearer.get("security_token").asString())),

		MANAGEMENT_WITH_TEMPORARY_KEY(Allowed.ALL_BUT_MINTING,
				(t, m, p, b) -> t.signed(m, p, b, t.temporary.get("access").asString(),
						t.temporary.get("secret").asString(), t.temporary.get("securitytoken").asString(),
						Instant.now())),

		DELEGATED_ADMINISTRATOR(Allowed.ADMINISTRATION, (t, m, p, b) -> t.api.as(t.delegated)),

		MEMBER_ACCOUNT(Allowed.OWN_CREDENTIALS_ONLY, (t, m, p, b) -> t.api.as(t.member)),

		REVOKED_DELEGATE(Allowed.OWN_CREDENTIALS_ONLY, (t, m, p, b) -> t.api.as(t.revokedDelegate)),

		DELETED_KEY(Allowed.NOTHING_401_APIGW_0301, (t, m, p, b) -> t.api.as(t.deletedKey)),

		EXPIRED_BEARER(Allowed.NOTHING_401_APIGW_0307,
				(t, m, p, b) -> t.api.header("Authorization",
						"Bearer " + ForgedTokens.expiredBearer(t.context, TestCredentials.MANAGEMENT_ACCOUNT_ID,
								TestCredentials.MANAGEMENT.accessKeyId()))),

		BEARER_SIGNED_WITH_ANOTHER_KEY(Allowed.NOTHING_401_APIGW_0301,
				(t, m, p, b) -> t.api.header("Authorization",
						"Bearer " + ForgedTokens.bearerSignedWithAnotherKey(t.context,
								TestCredentials.MANAGEMENT_ACCOUNT_ID, TestCredentials.MANAGEMENT.accessKeyId()))),

		BEARER_WITH_ALG_NONE(Allowed.NOTHING_401_APIGW_0301,
				(t, m, p, b) -> t.api.header("Authorization",
						"Bearer " + ForgedTokens.unsignedBearer(t.context, TestCredentials.MANAGEMENT_ACCOUNT_ID,
								TestCredentials.MANAGEMENT.accessKeyId()))),

		TEMPORARY_BEARER_WITHOUT_SECURITY_TOKEN(Allowed.NOTHING_401_IIC_4011,
				(t, m, p, b) -> t.api.header("Authorization",
						"Bearer " + t.temporaryBearer.get("access_token").asString())),

		TEMPORARY_KEY_WITHOUT_SECURITY_TOKEN(Allowed.NOTHING_401_IIC_4011,
				(t, m, p, b) -> t.signed(m, p, b, t.temporary.get("access").asString(),
						t.temporary.get("secret").asString(), null, Instant.now())),

		TEMPORARY_KEY_WITH_ANOTHER_KEYS_TOKEN(Allowed.NOTHING_401_IIC_4014,
				(t, m, p, b) -> t.signed(m, p, b, t.temporary.get("access").asString(),
						t.temporary.get("secret").asString(), t.otherTemporary.get("securitytoken").asString(),
						Instant.now())),

		TEMPORARY_KEY_WITH_EXPIRED_TOKEN(Allowed.NOTHING_401_IIC_4012,
				(t, m, p, b) -> t.signed(m, p, b, t.temporary.get("access").asString(),
						t.temporary.get("secret").asString(),
						ForgedTokens.expiredSecurityToken(t.context, TestCredentials.MANAGEMENT_ACCOUNT_ID,
								t.temporary.get("access").asString(), t.temporary.get("secret").asString(),
								TestCredentials.MANAGEMENT.accessKeyId()),
						Instant.now())),

		REPLAYED_WITH_A_STALE_DATE(Allowed.NOTHING_401_APIGW_0301,
				(t, m, p, b) -> t.signed(m, p, b, TestCredentials.MANAGEMENT.accessKeyId(),
						TestCredentials.MANAGEMENT.secret(), null, Instant.now().minus(Duration.ofMinutes(20))));

		final Allowed allowed;

		final Presenter presenter;

		Caller(Allowed allowed, Presenter presenter) {
			this.allowed = allowed;
			this.presenter = presenter;
		}

	}

	enum Allowed {

		EVERYTHING, ALL_BUT_MINTING, ALL_BUT_MINTING_SAVE_TEMPORARY_CREDENTIALS, ADMINISTRATION, OWN_CREDENTIALS_ONLY,
		NOTHING_401_APIGW_0301, NOTHING_401_APIGW_0307, NOTHING_401_IIC_4011, NOTHING_401_IIC_4012,
		NOTHING_401_IIC_4014;

		/**
		 * The 401 code these callers get, such as {@code IIC.4011} from
		 * {@code NOTHING_401_IIC_4011}.
		 */
		@Nullable String unauthenticatedCode() {
			return name().startsWith("NOTHING_401_") ? name().substring("NOTHING_401_".length()).replaceFirst("_", ".")
					: null;
		}

		boolean admits(Audience audience) {
			return switch (this) {
				case EVERYTHING -> true;
				case ALL_BUT_MINTING -> audience.minted() == null;
				// A token mints temporary credentials, as Huawei IAM's tokens do.
				case ALL_BUT_MINTING_SAVE_TEMPORARY_CREDENTIALS ->
					audience.minted() == null || audience == Audience.TEMPORARY_CREDENTIAL_MINTERS;
				case ADMINISTRATION -> audience == Audience.ADMINISTRATORS || mintsOwnShortLivedCredentials(audience);
				case OWN_CREDENTIALS_ONLY -> mintsOwnShortLivedCredentials(audience);
				default -> false;
			};
		}

		/**
		 * The table's operations are on another account's keys, so only tokens are one's
		 * own to mint.
		 */
		private static boolean mintsOwnShortLivedCredentials(Audience audience) {
			return audience == Audience.BEARER_TOKEN_MINTERS || audience == Audience.TEMPORARY_CREDENTIAL_MINTERS;
		}

	}

	@BeforeAll
	void callers() {
		this.api = HttpApi.on(this.port);
		HttpApi admin = this.api.as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(admin);
		this.targetAccountId = IdentityCenterFixtures.createAccount(admin);

		String delegatedAccount = IdentityCenterFixtures.createAccount(admin);
		this.delegated = IdentityCenterFixtures.createAccessKey(admin, delegatedAccount);
		admin.post("/v1/organization/delegated-administrators/" + delegatedAccount);

		this.memberAccountId = IdentityCenterFixtures.createAccount(admin);
		this.member = IdentityCenterFixtures.createAccessKey(admin, this.memberAccountId);

		String revokedAccount = IdentityCenterFixtures.createAccount(admin);
		this.revokedDelegate = IdentityCenterFixtures.createAccessKey(admin, revokedAccount);
		admin.post("/v1/organization/delegated-administrators/" + revokedAccount);
		admin.delete("/v1/organization/delegated-administrators/" + revokedAccount);

		String deletedKeyAccount = IdentityCenterFixtures.createAccount(admin);
		this.deletedKey = IdentityCenterFixtures.createAccessKey(admin, deletedKeyAccount);
		admin.post("/v1/organization/delegated-administrators/" + deletedKeyAccount);
		admin.delete("/v1/accounts/" + deletedKeyAccount + "/access-keys/" + this.deletedKey.accessKeyId());

		this.temporary = created(admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 900}"), 201)
			.get("credential");
		this.otherTemporary = created(admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{}"), 201).get("credential");
		this.bearer = created(admin.post("/v1/auth/tokens", "{\"duration_seconds\": 900}"), 200);
		this.temporaryBearer = created(admin.post("/v1/auth/tokens", "{\"temporary\": true}"), 200);
	}

	Stream<Arguments> everyCallerAgainstEveryOperation() {
		List<Arguments> cases = new ArrayList<>();
		for (Caller caller : Caller.values()) {
			for (IdentityCenterAction action : IdentityCenterAction.values()) {
				cases.add(Arguments.of(caller, action));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("everyCallerAgainstEveryOperation")
	void onlyAllowedCallersGetThrough(Caller caller, IdentityCenterAction action) {
		String method = methodOf(action);
		String path = path(action);
		String body = (method.equals("POST") || method.equals("PUT"))
				? "{\"name\": \"table-" + UUID.randomUUID().toString().substring(0, 8)
						+ "\", \"user_name\": \"table-user\", \"encoded_message\": \"x\"}"
				: null;
		ApiResponse response = caller.presenter.present(this, method, path, body)
			.send(method, path, (body != null) ? "application/json" : null, body);

		String unauthenticated = caller.allowed.unauthenticatedCode();
		if (unauthenticated != null) {
			assertError(response, 401, unauthenticated);
		}
		else if (caller.allowed.admits(action.audience())) {
			assertThat(response.status()).as("%s %s -> %s", method, path, response.body())
				.isNotIn(401, 403)
				.isLessThan(500);
		}
		else {
			assertError(response, 403, "IIC.1000");
		}
	}

	private String path(IdentityCenterAction action) {
		String storePath = "/v1/identity-stores/" + this.store;
		String user = storePath + "/users/" + UUID.randomUUID();
		return switch (action) {
			case LIST_INSTANCES -> "/v1/instances";
			case CREATE_IDENTITY_STORE -> "/v1/identity-stores";
			case GET_IDENTITY_STORE_SUMMARY -> storePath + "/identity-store-summary";
			case DESCRIBE_PASSWORD_POLICY, UPDATE_PASSWORD_POLICY -> storePath + "/password-policy";
			case CREATE_USER, LIST_USERS -> storePath + "/users";
			case DESCRIBE_USER, UPDATE_USER, DELETE_USER -> user;
			case ENABLE_USER -> user + "/enable";
			case RESET_USER_PASSWORD -> user + "/reset-password";
			case AUTHENTICATE_USER -> storePath + "/authenticate";
			case DISABLE_USER -> user + "/disable";
			case GET_USER_ID -> storePath + "/users/retrieve-user-id";
			case CREATE_GROUP, LIST_GROUPS -> storePath + "/groups";
			case GET_GROUP_ID -> storePath + "/groups/retrieve-group-id";
			case DESCRIBE_GROUP, UPDATE_GROUP, DELETE_GROUP -> storePath + "/groups/" + UUID.randomUUID();
			case CREATE_GROUP_MEMBERSHIP -> storePath + "/group-memberships";
			case LIST_GROUP_MEMBERSHIPS -> storePath + "/group-memberships?group_id=" + UUID.randomUUID();
			case GET_GROUP_MEMBERSHIP_ID -> storePath + "/group-memberships/retrieve-group-membership-id";
			case DESCRIBE_GROUP_MEMBERSHIP, DELETE_GROUP_MEMBERSHIP ->
				storePath + "/group-memberships/" + UUID.randomUUID();
			case LIST_GROUP_MEMBERSHIPS_FOR_MEMBER ->
				storePath + "/group-memberships-for-member?user_id=" + UUID.randomUUID();
			case IS_MEMBER_IN_GROUPS -> storePath + "/is-member-in-groups";
			case DESCRIBE_ORGANIZATION -> "/v1/organization";
			case CREATE_ACCOUNT -> "/v1/organization/accounts";
			case REGISTER_DELEGATED_ADMINISTRATOR, DEREGISTER_DELEGATED_ADMINISTRATOR ->
				"/v1/organization/delegated-administrators/" + this.targetAccountId;
			case CREATE_ACCESS_KEY, LIST_ACCESS_KEYS -> "/v1/accounts/" + this.targetAccountId + "/access-keys";
			case DELETE_ACCESS_KEY -> "/v1/accounts/" + this.targetAccountId + "/access-keys/AKNOSUCHKEY000000000";
			case DECODE_AUTHORIZATION_MESSAGE -> "/v5/decode-authorization-message";
			case CREATE_BEARER_TOKEN -> "/v1/auth/tokens";
			case CREATE_TEMPORARY_CREDENTIALS -> "/v3.0/OS-CREDENTIAL/securitytokens";
			case LIST_AUDIT_EVENTS -> "/v1/audit-events";
		};
	}

	private static String methodOf(IdentityCenterAction action) {
		return action.route().method().name();
	}

	private HttpApi signed(String method, String pathAndQuery, @Nullable String body, String accessKeyId, String secret,
			@Nullable String securityToken, Instant signedAt) {
		return SdkRequestSigner.signed(this.api, this.port, method, pathAndQuery, body, accessKeyId, secret,
				securityToken, signedAt);
	}

	private static JsonNode created(ApiResponse response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		return response.json();
	}

}
