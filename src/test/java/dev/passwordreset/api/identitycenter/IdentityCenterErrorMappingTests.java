package dev.passwordreset.api.identitycenter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.passwordreset.api.SecurityAuditing;
import dev.passwordreset.audit.InvalidAuditQueryException;
import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.IdentityException.Clash;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.password.PasswordPolicyException;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.reset.RateLimitExceededException;
import dev.passwordreset.reset.ResetNotPossibleException;
import dev.passwordreset.security.AccessKeyError;
import dev.passwordreset.security.AccessKeyException;
import dev.passwordreset.security.AccessKeyService;
import dev.passwordreset.security.AuthorizationDenial;
import dev.passwordreset.security.AuthorizationMessages;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CredentialKind;
import dev.passwordreset.security.MintTarget;
import dev.passwordreset.security.MintingRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * The {@code /v1} face's error mapping alone: each core reason to its code, status and
 * {@code error_msg}, bad input, the 403 with its encoded authorization message, and the
 * 503 and 429 with {@code Retry-After}, with the core services mocked. The security
 * filters are off ({@code addFilters = false}): the chains' own 401 and 403 answers are
 * proved by the journeys over real HTTP ({@code CallerAuthorizationTests},
 * {@code ErrorFormatTests}); here a caller is put in the security context by hand where a
 * handler needs one. Refusals raised before a handler is chosen (405, 415, 406) are
 * answered through the error page, which the slice does not have; the journeys over real
 * HTTP prove those ({@code ErrorFormatTests}, {@code UnknownMethodTests}).
 */
@WebMvcTest(useDefaultFilters = false)
@AutoConfigureMockMvc(addFilters = false)
@Import({ IdentityStoreController.class, AccessKeyController.class, IdentityCenterExceptionHandler.class,
		IdentityCenterErrors.class, AccessDenials.class, IdentityCenterErrorMappingTests.FixedClock.class })
class IdentityCenterErrorMappingTests {

	private static final String STORE = "store-1";

	private static final String SUMMARY = "/v1/identity-stores/" + STORE + "/identity-store-summary";

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@MockitoBean
	IdentityStoreService identityStores;

	@MockitoBean
	PasswordPolicyService passwordPolicies;

	@MockitoBean
	AccessKeyService accessKeys;

	@MockitoBean
	AuthorizationMessages authorizationMessages;

	@MockitoBean
	SecurityAuditing auditing;

	@AfterEach
	void forgetTheCaller() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anIdentityNotFoundNamesTheEntityAndOurIdOnly() throws Exception {
		UUID user = UUID.randomUUID();
		assertRefused(IdentityException.notFound(IdentityError.USER_NOT_FOUND, user), 404, "IIC.404",
				"Not Found: user " + user + ".");
		assertRefused(IdentityException.notFound(IdentityError.STORE_NOT_FOUND, null), 404, "IIC.404",
				"Not Found: identity store.");
		assertRefused(IdentityException.notFoundBy(IdentityError.GROUP_NOT_FOUND, "display_name"), 404, "IIC.404",
				"Not Found: group with that display_name.");
	}

	@Test
	void aDuplicateSaysHowItClashesWithoutTheName() throws Exception {
		assertRefused(IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name", Clash.CONFUSABLE), 409,
				"IIC.1257", "Duplicate entity objects: a user with a confusable name exists.");
		assertRefused(IdentityException.duplicate(IdentityError.DUPLICATE_STORE_NAME, "name", Clash.SAME), 409,
				"IIC.1257", "Duplicate entity objects: an identity store with the same name exists.");
		assertRefused(
				IdentityException.duplicate(IdentityError.DUPLICATE_GROUP_NAME, "display_name",
						Clash.SAME_OR_CONFUSABLE),
				409, "IIC.1257",
				"Duplicate entity objects: a group with the same or a confusable display_name exists.");
		assertRefused(IdentityException.of(IdentityError.DUPLICATE_MEMBERSHIP), 409, "IIC.1257",
				"Duplicate entity objects: the user is already a member of the group.");
		assertRefused(IdentityException.already(IdentityError.ALREADY_DELEGATED_ADMINISTRATOR, ACCOUNT), 409,
				"IIC.1257", "Duplicate entity objects: account " + ACCOUNT + " is already a delegated administrator.");
	}

	@Test
	void anInvalidAttributeIsABadRequestNamingTheAttributeAndItsRule() throws Exception {
		assertRefused(IdentityException.invalid("display_name", "must be at most 128 characters"), 400, "IIC.400",
				"Bad Request: display_name must be at most 128 characters.");
		assertRefused(IdentityException.invalid("at most one email may be primary"), 400, "IIC.400",
				"Bad Request: at most one email may be primary.");
	}

	@Test
	void aQuotaOrTheManagementAccountIsAFailedModification() throws Exception {
		UUID store = UUID.randomUUID();
		assertRefused(IdentityException.quotaExceeded(store, "users", 2), 409, "IIC.1007",
				"Data modification failed: identity store " + store + " holds its quota of 2 users.");
		assertRefused(IdentityException.of(IdentityError.MANAGEMENT_ACCOUNT_NOT_DELEGABLE), 409, "IIC.1007",
				"Data modification failed: the management account cannot be registered as a delegated administrator.");
		assertRefused(IdentityException.of(IdentityError.CONCURRENT_MODIFICATION), 409, "IIC.1006",
				"Concurrency conflicts. Try again later.");
	}

	@ParameterizedTest
	@EnumSource(IdentityError.class)
	void everyIdentityReasonIsAClientErrorOfItsOwn(IdentityError error) throws Exception {
		willThrow(IdentityException.of(error)).given(this.identityStores).summary(STORE);
		MockHttpServletResponse response = get(SUMMARY);
		assertThat(response.getStatus()).isBetween(400, 499);
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.get("error_code").asString()).startsWith("IIC.").isNotEqualTo("IIC.500");
		assertThat(body.get("error_msg").asString()).doesNotContain(error.name()).isNotBlank();
	}

	@ParameterizedTest
	@EnumSource(AccessKeyError.class)
	void everyAccessKeyReasonIsAClientErrorOfItsOwn(AccessKeyError error) throws Exception {
		willThrow(AccessKeyException.of(error)).given(this.accessKeys).list(ACCOUNT);
		MockHttpServletResponse response = get("/v1/accounts/" + ACCOUNT + "/access-keys");
		assertThat(response.getStatus()).isBetween(400, 499);
		assertThat(this.json.readTree(response.getContentAsString()).get("error_msg").asString())
			.doesNotContain(error.name());
	}

	@Test
	void anAccessKeyRefusalIsWordedFromItsFacts() throws Exception {
		willThrow(AccessKeyException.quotaExceeded(2)).given(this.accessKeys).list(ACCOUNT);
		assertBody(get("/v1/accounts/" + ACCOUNT + "/access-keys"), 409, "IIC.1007",
				"Data modification failed: an account holds at most 2 access keys; delete one first.");
		willThrow(AccessKeyException.of(AccessKeyError.ACCESS_KEY_NOT_FOUND)).given(this.accessKeys).list(ACCOUNT);
		assertBody(get("/v1/accounts/" + ACCOUNT + "/access-keys"), 404, "IIC.404", "Not Found: access key.");
	}

	@Test
	void aPolicyOrAuditQueryRefusalNamesTheSettingAndItsRange() throws Exception {
		assertRefused(new PasswordPolicyException("max_password_age", "must be between 1 and 1095"), 400, "IIC.400",
				"Bad Request: max_password_age must be between 1 and 1095.");
		assertRefused(new InvalidAuditQueryException("limit", "must be between 1 and 500"), 400, "IIC.400",
				"Bad Request: limit must be between 1 and 500.");
	}

	@Test
	void aResetThatIsNotPossibleIsWordedFromItsReasonNotItsMessage() throws Exception {
		ResetNotPossibleException refused = mock(ResetNotPossibleException.class);
		given(refused.reason()).willReturn(ResetNotPossibleException.Reason.USER_DISABLED);
		given(refused.getMessage()).willReturn("leaked: SELECT secret FROM account");
		MockHttpServletResponse response = assertRefused(refused, 400, "IIC.400", "Bad Request: the user is disabled.");
		assertThat(response.getContentAsString()).doesNotContain("leaked", "SELECT");
	}

	@Test
	void anUnexpectedFailureIsA500WithoutItsMessage() throws Exception {
		MockHttpServletResponse response = assertRefused(
				new IllegalStateException("column secret_ciphertext of relation access_key"), 500, "IIC.500",
				"Internal Server Error.");
		assertThat(response.getContentAsString()).doesNotContain("secret_ciphertext", "IllegalStateException");
	}

	@Test
	void busyHashingIsA503WithRetryAfter() throws Exception {
		HashingBusyException busy = mock(HashingBusyException.class);
		given(busy.retryAfter()).willReturn(Duration.ofMillis(2500));
		MockHttpServletResponse response = assertRefused(busy, 503, "IIC.503",
				"Service temporarily unavailable. Try again later.");
		assertThat(response.getHeader("Retry-After")).isEqualTo("3");
	}

	@Test
	void anUnavailableDatabaseIsA503WithRetryAfter() throws Exception {
		MockHttpServletResponse response = assertRefused(
				new DataAccessResourceFailureException("Connection to 10.0.0.5:5432 refused"), 503, "IIC.503",
				"Service temporarily unavailable. Try again later.");
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentAsString()).doesNotContain("10.0.0.5");
	}

	@Test
	void aRateLimitIsTheGatewaysThrottlingWithRetryAfter() throws Exception {
		RateLimitExceededException limited = mock(RateLimitExceededException.class);
		given(limited.retryAfter()).willReturn(Duration.ofSeconds(30));
		MockHttpServletResponse response = assertRefused(limited, 429, "APIGW.0308",
				"The throttling threshold has been reached. Try again later.");
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
	}

	@Test
	void theCoresRefusalToMintIsA403WithAnEncodedAuthorizationMessage() throws Exception {
		Caller caller = new Caller(ACCOUNT, "AKSLICETEST000000001", AccountRole.MANAGEMENT_ACCOUNT,
				CredentialKind.TEMPORARY_KEY);
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(caller, null));
		// The rule itself refuses: a temporary key may not create anything permanent.
		willAnswer((invocation) -> {
			MintingRule.require(caller, MintTarget.ACCOUNT, null);
			throw new AssertionError("the rule let a temporary key create an account");
		}).given(this.identityStores).create(any(), any(), any());
		given(this.authorizationMessages.encode(any())).willReturn("encoded-denial");
		MockHttpServletResponse response = post("/v1/identity-stores", "{\"name\": \"sales\"}");
		JsonNode body = assertBody(response, 403, "IIC.1000",
				"No permission for action identitystore:identityStores:create.");
		assertThat(body.get("encoded_authorization_message").asString()).isEqualTo("encoded-denial");
		then(this.authorizationMessages).should()
			.encode(org.mockito.ArgumentMatchers
				.<AuthorizationDenial>argThat((denial) -> denial.reason().equals(MintingRule.SHORT_LIVED_REFUSAL)
						&& denial.action().equals("identitystore:identityStores:create")));
	}

	@Test
	void badInputIsAClearClientErrorInHuaweisFormat() throws Exception {
		assertBody(post("/v1/identity-stores", "{\"name\": "), 400, "IIC.400", null);
		assertBody(post("/v1/identity-stores", "{}"), 400, "IIC.400", "Bad Request: name must not be null.");
	}

	private MockHttpServletResponse assertRefused(RuntimeException ex, int status, String code, String message)
			throws Exception {
		willThrow(ex).given(this.identityStores).summary(STORE);
		MockHttpServletResponse response = get(SUMMARY);
		assertBody(response, status, code, message);
		return response;
	}

	private JsonNode assertBody(MockHttpServletResponse response, int status, String code, String message)
			throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.propertyNames()).contains("error_code", "error_msg", "request_id");
		assertThat(body.get("error_code").asString()).isEqualTo(code);
		if (message != null) {
			assertThat(body.get("error_msg").asString()).isEqualTo(message);
		}
		return body;
	}

	private MockHttpServletResponse get(String path) {
		return this.mvc.get().uri(path).exchange().getResponse();
	}

	private MockHttpServletResponse post(String path, String body) {
		return this.mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange().getResponse();
	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC);
		}

	}

}
