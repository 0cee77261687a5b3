package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.RequestIds;
import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.identity.OrganizationService;
import dev.passwordreset.security.AccessKeyService;
import dev.passwordreset.security.AccessTokenService;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CredentialKind;
import dev.passwordreset.security.MintingRefusedException;
import dev.passwordreset.security.MintingRule;
import dev.passwordreset.security.OrganizationAdministration;
import dev.passwordreset.security.SdkRequestSigner;
import dev.passwordreset.security.TemporaryCredentialService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Attacks on {@link MintingRule}: every way from a short-lived credential to a permanent
 * one is refused, through the face and straight at the core, and whatever a key minted
 * dies with it on both faces.
 */
@ApiTest
class MintingApiTests {

	private static final String OAM_POLICY = "/oam/services/rest/access/api/v1/pswdmanagement/UserPasswordPolicyRetriever";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AccessKeyService accessKeys;

	@Autowired
	AccessTokenService tokens;

	@Autowired
	TemporaryCredentialService temporaryCredentials;

	@Autowired
	OrganizationAdministration administration;

	@Autowired
	OrganizationService organization;

	@Autowired
	IdentityCenterExceptionHandler exceptionHandler;

	HttpApi api;

	HttpApi admin;

	String memberAccountId;

	TestCredentials memberKey;

	/**
	 * The credentials a permanent key can mint, and how each is presented on a request.
	 */
	enum ShortLived {

		BEARER_TOKEN, BEARER_TOKEN_IN_X_AUTH_TOKEN, TEMPORARY_BEARER_TOKEN, TEMPORARY_CREDENTIALS

	}

	/** Every operation that mints something, and what each must leave unmade. */
	enum Minting {

		CREATE_OWN_ACCESS_KEY(true), CREATE_MEMBERS_ACCESS_KEY_AS_MANAGEMENT(true), CREATE_ACCOUNT(true),
		REGISTER_DELEGATED_ADMINISTRATOR(true), DEREGISTER_DELEGATED_ADMINISTRATOR(true), MINT_BEARER_TOKEN(false),
		MINT_TEMPORARY_CREDENTIALS(false);

		final boolean permanent;

		Minting(boolean permanent) {
			this.permanent = permanent;
		}

		String expectedRefusal() {
			if (this == MINT_TEMPORARY_CREDENTIALS) {
				return MintingRule.NOT_FROM_A_KEY_OR_ITS_TOKEN_REFUSAL;
			}
			return this.permanent ? MintingRule.SHORT_LIVED_REFUSAL : MintingRule.NOT_FROM_A_PERMANENT_KEY_REFUSAL;
		}

	}

	/** A minted credential with what it needs to sign each request. */
	record Presented(ShortLived kind, JsonNode minted) {

		HttpApi on(MintingApiTests test, String method, String path, @Nullable String body) {
			return switch (this.kind) {
				case BEARER_TOKEN ->
					test.api.header("Authorization", "Bearer " + this.minted.get("access_token").asString());
				case BEARER_TOKEN_IN_X_AUTH_TOKEN ->
					test.api.header("X-Auth-Token", this.minted.get("access_token").asString());
				case TEMPORARY_BEARER_TOKEN ->
					test.api.header("Authorization", "Bearer " + this.minted.get("access_token").asString())
						.header("X-Security-Token", this.minted.get("security_token").asString());
				case TEMPORARY_CREDENTIALS -> SdkRequestSigner.signed(test.api, test.port, method, path, body,
						this.minted.get("access").asString(), this.minted.get("secret").asString(),
						this.minted.get("securitytoken").asString(), Instant.now());
			};
		}

		ApiResponse send(MintingApiTests test, String method, String path, @Nullable String body) {
			return on(test, method, path, body).send(method, path, (body != null) ? "application/json" : null, body);
		}

	}

	@BeforeEach
	void member() {
		this.api = HttpApi.on(this.port);
		this.admin = this.api.as(TestCredentials.MANAGEMENT);
		this.memberAccountId = IdentityCenterFixtures.createAccount(this.admin);
		this.memberKey = IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
	}

	static Stream<Arguments> everyShortLivedCredentialAgainstEveryMinting() {
		List<Arguments> cases = new ArrayList<>();
		for (ShortLived kind : ShortLived.values()) {
			for (Minting minting : Minting.values()) {
				// A plain bearer token mints temporary credentials, as Huawei IAM's
				// tokens do: TokenApiTests proves what those can and cannot do.
				boolean tokenMintsTemporaryCredentials = minting == Minting.MINT_TEMPORARY_CREDENTIALS
						&& (kind == ShortLived.BEARER_TOKEN || kind == ShortLived.BEARER_TOKEN_IN_X_AUTH_TOKEN);
				if (!tokenMintsTemporaryCredentials) {
					cases.add(Arguments.of(kind, minting));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("everyShortLivedCredentialAgainstEveryMinting")
	void shortLivedCredentialsMintNothing(ShortLived kind, Minting minting) {
		if (minting == Minting.DEREGISTER_DELEGATED_ADMINISTRATOR) {
			assertThat(this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId).status())
				.isEqualTo(200);
		}
		// A member's own key is minted from its own key; everything else as the
		// management account, so
		// that the credential, not the role, is what is refused.
		Presented credential = mint(kind,
				(minting == Minting.CREATE_OWN_ACCESS_KEY) ? this.memberKey : TestCredentials.MANAGEMENT);
		Map<String, Object> before = organizationState();

		String method = switch (minting) {
			case DEREGISTER_DELEGATED_ADMINISTRATOR -> "DELETE";
			default -> "POST";
		};
		String path = switch (minting) {
			case CREATE_OWN_ACCESS_KEY, CREATE_MEMBERS_ACCESS_KEY_AS_MANAGEMENT ->
				"/v1/accounts/" + this.memberAccountId + "/access-keys";
			case CREATE_ACCOUNT -> "/v1/organization/accounts";
			case REGISTER_DELEGATED_ADMINISTRATOR, DEREGISTER_DELEGATED_ADMINISTRATOR ->
				"/v1/organization/delegated-administrators/" + this.memberAccountId;
			case MINT_BEARER_TOKEN -> "/v1/auth/tokens";
			case MINT_TEMPORARY_CREDENTIALS -> "/v3.0/OS-CREDENTIAL/securitytokens";
		};
		String body = (minting == Minting.CREATE_ACCOUNT)
				? "{\"name\": \"" + IdentityCenterFixtures.uniqueName("minted") + "\"}" : null;
		ApiResponse refused = credential.send(this, method, path, body);

		JsonNode error = assertError(refused, 403, "IIC.1000");
		assertThat(error.has("credential")).isFalse();
		assertThat(error.has("access_token")).isFalse();
		assertThat(error.has("account_id")).isFalse();
		JsonNode denial = decode(error.get("encoded_authorization_message").asString());
		assertThat(denial.get("reason").asString()).isEqualTo(minting.expectedRefusal());
		assertThat(organizationState()).as("nothing was made").isEqualTo(before);

		Map<String, Object> audited = this.jdbc.queryForMap(
				"select event_type, outcome, action, reason from audit_event where request_id = ?",
				refused.header("X-Request-Id"));
		assertThat(audited).containsEntry("event_type", "ACCESS_DENIED")
			.containsEntry("outcome", "DENIED")
			.containsEntry("action", denial.get("action").asString())
			.containsEntry("reason", minting.expectedRefusal());
	}

	/**
	 * A face that forgot the rule would still be refused: the services that mint consult
	 * it themselves, for every short-lived kind, the external token included.
	 */
	@ParameterizedTest
	@EnumSource(value = CredentialKind.class, names = "PERMANENT_KEY", mode = EnumSource.Mode.EXCLUDE)
	void theCoreRefusesShortLivedCallersWhateverTheFace(CredentialKind credential) {
		Caller management = new Caller(TestCredentials.MANAGEMENT_ACCOUNT_ID, TestCredentials.MANAGEMENT.accessKeyId(),
				AccountRole.MANAGEMENT_ACCOUNT, credential);
		Caller member = new Caller(this.memberAccountId, this.memberKey.accessKeyId(), AccountRole.MEMBER, credential);
		Map<String, Object> before = organizationState();

		assertThatExceptionOfType(MintingRefusedException.class)
			.isThrownBy(() -> this.accessKeys.create(member, this.memberAccountId))
			.withMessage(MintingRule.SHORT_LIVED_REFUSAL);
		assertThatExceptionOfType(MintingRefusedException.class)
			.isThrownBy(() -> this.accessKeys.create(management, this.memberAccountId));
		assertThatExceptionOfType(MintingRefusedException.class).isThrownBy(
				() -> this.administration.createAccount(management, IdentityCenterFixtures.uniqueName("core"), null));
		assertThatExceptionOfType(MintingRefusedException.class)
			.isThrownBy(() -> this.administration.registerDelegatedAdministrator(management, this.memberAccountId));
		assertThatExceptionOfType(MintingRefusedException.class)
			.isThrownBy(() -> this.tokens.mint(management, Duration.ofMinutes(15), false));
		if (credential != CredentialKind.BEARER_TOKEN) {
			assertThatExceptionOfType(MintingRefusedException.class)
				.isThrownBy(() -> this.temporaryCredentials.issue(management, Duration.ofMinutes(15)))
				.withMessage(MintingRule.NOT_FROM_A_KEY_OR_ITS_TOKEN_REFUSAL);
		}
		assertThat(organizationState()).isEqualTo(before);

		this.organization.registerDelegatedAdministrator(this.memberAccountId, TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThatExceptionOfType(MintingRefusedException.class)
			.isThrownBy(() -> this.administration.deregisterDelegatedAdministrator(management, this.memberAccountId));
		assertThat(this.organization.roleOf(this.memberAccountId)).contains(AccountRole.DELEGATED_ADMINISTRATOR);
	}

	@Test
	void theBootstrapsCallerlessWaysToMakeAKeyAreClosedOnceAKeyExists() {
		Map<String, Object> before = organizationState();
		assertThatIllegalStateException().isThrownBy(() -> this.accessKeys.createFirstKey(this.memberAccountId));
		assertThatIllegalStateException().isThrownBy(() -> this.accessKeys.importKey(this.memberAccountId,
				"AKIMPORTEDLATER00001", "ImportedLaterSecretImportedLaterSecret001"));
		assertThat(organizationState()).isEqualTo(before);
	}

	/**
	 * Where the table let a request through and the core refused it, the face answers as
	 * it answers the table's denials: 403 with the reason encoded, and an audit row.
	 */
	@Test
	void theCoresRefusalIsAnsweredAndAuditedAsADenial() throws Exception {
		Caller bearer = new Caller(TestCredentials.MANAGEMENT_ACCOUNT_ID, TestCredentials.MANAGEMENT.accessKeyId(),
				AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.BEARER_TOKEN);
		MintingRefusedException refusal = catchThrowableOfType(MintingRefusedException.class,
				() -> this.administration.createAccount(bearer, IdentityCenterFixtures.uniqueName("core"), null));
		String requestId = "minting" + UUID.randomUUID().toString().replace("-", "");
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/organization/accounts");
		request.setAttribute(RequestIds.class.getName() + ".id", requestId);
		MockHttpServletResponse response = new MockHttpServletResponse();
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(bearer, null, List.of()));
		try {
			this.exceptionHandler.mintingRefused(refusal, request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}

		assertThat(response.getStatus()).isEqualTo(403);
		JsonNode body = HttpApiJson.parse(response.getContentAsString());
		assertThat(body.get("error_code").asString()).isEqualTo("IIC.1000");
		assertThat(body.get("error_msg").asString())
			.isEqualTo("No permission for action organizations:accounts:create.");
		assertThat(body.get("request_id").asString()).isEqualTo(requestId);
		JsonNode denial = decode(body.get("encoded_authorization_message").asString());
		assertThat(denial.get("reason").asString()).isEqualTo(MintingRule.SHORT_LIVED_REFUSAL);
		assertThat(this.jdbc.queryForMap("select event_type, action, reason from audit_event where request_id = ?",
				requestId))
			.containsEntry("event_type", "ACCESS_DENIED")
			.containsEntry("action", "organizations:accounts:create")
			.containsEntry("reason", MintingRule.SHORT_LIVED_REFUSAL);
	}

	@ParameterizedTest
	@EnumSource(ShortLived.class)
	void deletingAKeyEndsWhatItMintedOnBothFaces(ShortLived kind) {
		// A delegated administrator, so that the credential is let in on both faces
		// before the deletion.
		this.admin.post("/v1/organization/delegated-administrators/" + this.memberAccountId);
		Presented credential = mint(kind, this.memberKey);
		assertThat(credential.send(this, "GET", "/v1/instances", null).status()).isEqualTo(200);
		ApiResponse policy = credential.send(this, "GET", OAM_POLICY, null);
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);

		assertThat(this.admin
			.delete("/v1/accounts/" + this.memberAccountId + "/access-keys/" + this.memberKey.accessKeyId())
			.status()).isEqualTo(204);

		assertError(credential.send(this, "GET", "/v1/instances", null), 401,
				(kind == ShortLived.TEMPORARY_CREDENTIALS) ? "IIC.4013" : "APIGW.0301");
		ApiResponse oam = credential.send(this, "GET", OAM_POLICY, null);
		assertThat(oam.status()).as(oam.body()).isEqualTo(401);
		assertThat(oam.text("resultCode")).isEqualTo("11");
		assertThat(oam.text("minorCode")).isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void aKeyTheManagementAccountMadeForAMemberOutlivesTheManagementKey() {
		TestCredentials secondManagementKey = IdentityCenterFixtures.createAccessKey(this.admin,
				TestCredentials.MANAGEMENT_ACCOUNT_ID);
		TestCredentials madeForTheMember;
		try {
			madeForTheMember = IdentityCenterFixtures.createAccessKey(this.api.as(secondManagementKey),
					this.memberAccountId);
		}
		finally {
			assertThat(this.admin
				.delete("/v1/accounts/" + TestCredentials.MANAGEMENT_ACCOUNT_ID + "/access-keys/"
						+ secondManagementKey.accessKeyId())
				.status()).isEqualTo(204);
		}
		assertError(this.api.as(secondManagementKey).get("/v1/organization"), 401, "APIGW.0301");
		ApiResponse keys = this.api.as(madeForTheMember).get("/v1/accounts/" + this.memberAccountId + "/access-keys");
		assertThat(keys.status()).as(keys.body()).isEqualTo(200);
		assertThat(keys.body()).contains(madeForTheMember.accessKeyId());
	}

	private Presented mint(ShortLived kind, TestCredentials from) {
		ApiResponse minted = switch (kind) {
			case BEARER_TOKEN, BEARER_TOKEN_IN_X_AUTH_TOKEN -> this.api.as(from).post("/v1/auth/tokens");
			case TEMPORARY_BEARER_TOKEN -> this.api.as(from).post("/v1/auth/tokens", "{\"temporary\": true}");
			case TEMPORARY_CREDENTIALS -> this.api.as(from).post("/v3.0/OS-CREDENTIAL/securitytokens");
		};
		assertThat(minted.status()).as(minted.body()).isIn(200, 201);
		return new Presented(kind,
				(kind == ShortLived.TEMPORARY_CREDENTIALS) ? minted.json().get("credential") : minted.json());
	}

	/**
	 * What minting could change, read with the permanent key: every account with its
	 * role, and the keys of the member and of the management account.
	 */
	private Map<String, Object> organizationState() {
		Map<String, Object> state = new TreeMap<>();
		ApiResponse organization = this.admin.get("/v1/organization");
		assertThat(organization.status()).isEqualTo(200);
		TreeSet<String> accounts = new TreeSet<>();
		organization.json()
			.get("accounts")
			.forEach((account) -> accounts.add(account.get("account_id").asString()
					+ (account.get("delegated_administrator").asBoolean() ? " delegated" : "")));
		state.put("accounts", accounts);
		for (String accountId : List.of(this.memberAccountId, TestCredentials.MANAGEMENT_ACCOUNT_ID)) {
			ApiResponse keys = this.admin.get("/v1/accounts/" + accountId + "/access-keys");
			assertThat(keys.status()).isEqualTo(200);
			TreeSet<String> ids = new TreeSet<>();
			keys.json().get("credentials").forEach((key) -> ids.add(key.get("access").asString()));
			state.put("keys of " + accountId, ids);
		}
		return state;
	}

	private JsonNode decode(String encoded) {
		ApiResponse decoded = this.admin.post("/v5/decode-authorization-message",
				"{\"encoded_message\": \"" + encoded + "\"}");
		assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
		return HttpApiJson.parse(decoded.json().get("decoded_message").asString());
	}

}
