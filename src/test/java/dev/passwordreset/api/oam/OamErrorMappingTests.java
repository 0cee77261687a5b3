package dev.passwordreset.api.oam;

import java.time.Duration;
import java.util.Map;

import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.otp.CodeRejection;
import dev.passwordreset.otp.OneTimePasswordRejectedException;
import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.reset.CodeNotSentException;
import dev.passwordreset.reset.OneTimeCodeResetService;
import dev.passwordreset.reset.TooManyCodesException;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CredentialKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * The {@code /oam} face's error mapping alone: each core reason to its {@link OamResult}
 * (status, {@code minorCode}, {@code resultCode}, message), bad input, and the 429 and
 * 503 with {@code Retry-After}, with the reset core mocked. The security filters are off
 * ({@code addFilters = false}); the chain's 401 and 403 are proved over real HTTP
 * ({@code OamErrorFormatTests}), and a caller is put in the security context by hand for
 * the controllers' audit actor.
 */
@WebMvcTest(useDefaultFilters = false)
@AutoConfigureMockMvc(addFilters = false)
@Import({ OneTimePasswordController.class, OamExceptionHandler.class, OamErrors.class, OamXml.class,
		OamErrorMappingTests.Properties.class })
class OamErrorMappingTests {

	private static final String CREATE = OneTimePasswordController.BASE + "/createOTP";

	private static final String VALIDATE = OneTimePasswordController.BASE + "/validateOTP";

	private static final String CREATE_BODY = """
			{"appName": "portal", "deliveryChannel": "email", "userId": "grace"}""";

	private static final String VALIDATE_BODY = """
			{"appName": "portal", "correlationId": "c-1", "otpCode": "123456", "userId": "grace"}""";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JsonMapper json;

	@MockitoBean
	OneTimeCodeResetService resets;

	@BeforeEach
	void caller() {
		Caller caller = new Caller("0123456789abcdef0123456789abcdef", "AKSLICETEST000000001",
				AccountRole.MANAGEMENT_ACCOUNT, CredentialKind.PERMANENT_KEY);
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(caller, null));
	}

	@AfterEach
	void forgetTheCaller() {
		SecurityContextHolder.clearContext();
	}

	@ParameterizedTest
	@EnumSource(CodeRejection.class)
	void eachCodeRejectionIsItsOwnResult(CodeRejection rejection) throws Exception {
		OamResult expected = switch (rejection) {
			case INVALID -> OamResult.OTP_INVALID;
			case EXPIRED -> OamResult.OTP_EXPIRED;
			case USED -> OamResult.OTP_USED;
			case ATTEMPTS_EXCEEDED -> OamResult.OTP_ATTEMPTS_EXCEEDED;
		};
		willThrow(new OneTimePasswordRejectedException(rejection)).given(this.resets).validate(any(), any(), any());
		assertResult(post(VALIDATE, VALIDATE_BODY), expected, expected.message());
	}

	@Test
	void identityReasonsAreTheUserOrStoreNotFoundOrABriefUnavailability() throws Exception {
		Map<IdentityException, OamResult> cases = Map.of(IdentityException.notFound(IdentityError.USER_NOT_FOUND, null),
				OamResult.USER_NOT_FOUND, IdentityException.notFound(IdentityError.STORE_NOT_FOUND, null),
				OamResult.IDENTITY_STORE_NOT_FOUND,
				IdentityException.invalid("user_name", "must be 1 to 128 characters"), OamResult.MALFORMED_REQUEST);
		for (Map.Entry<IdentityException, OamResult> refusal : cases.entrySet()) {
			willThrow(refusal.getKey()).given(this.resets).validate(any(), any(), any());
			assertResult(post(VALIDATE, VALIDATE_BODY), refusal.getValue(), refusal.getValue().message());
		}
		willThrow(IdentityException.of(IdentityError.CONCURRENT_MODIFICATION)).given(this.resets)
			.validate(any(), any(), any());
		MockHttpServletResponse busy = post(VALIDATE, VALIDATE_BODY);
		assertResult(busy, OamResult.SERVICE_UNAVAILABLE, OamResult.SERVICE_UNAVAILABLE.message());
		assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
	}

	@ParameterizedTest
	@EnumSource(CodeNotSentException.Reason.class)
	void aCodeThatCannotBeSentSaysWhyFromItsReasonNotItsMessage(CodeNotSentException.Reason reason) throws Exception {
		CodeNotSentException notSent = mock(CodeNotSentException.class);
		given(notSent.reason()).willReturn(reason);
		given(notSent.getMessage()).willReturn("leaked: grace@example.com");
		given(this.resets.issue(any(), any(), any(), any(), any(), any(), any())).willThrow(notSent);
		MockHttpServletResponse response = post(CREATE, CREATE_BODY);
		OamResult expected = (reason == CodeNotSentException.Reason.CHANNEL_NOT_SUPPORTED)
				? OamResult.CHANNEL_NOT_SUPPORTED : OamResult.DELIVERY_NOT_POSSIBLE;
		JsonNode body = assertResult(response, expected, null);
		assertThat(body.get("message").asString()).doesNotContain("leaked", "example.com");
		if (expected == OamResult.DELIVERY_NOT_POSSIBLE) {
			assertThat(body.get("message").asString()).startsWith("The one-time code cannot be delivered: ");
		}
	}

	@Test
	void tooManyCodesIsRateLimitedWithRetryAfter() throws Exception {
		TooManyCodesException tooMany = mock(TooManyCodesException.class);
		given(tooMany.retryAfter()).willReturn(Duration.ofSeconds(59));
		given(this.resets.issue(any(), any(), any(), any(), any(), any(), any())).willThrow(tooMany);
		MockHttpServletResponse response = post(CREATE, CREATE_BODY);
		assertResult(response, OamResult.RATE_LIMITED, OamResult.RATE_LIMITED.message());
		assertThat(response.getHeader("Retry-After")).isEqualTo("60");
	}

	@Test
	void busyHashingIsA503WithRetryAfter() throws Exception {
		HashingBusyException busy = mock(HashingBusyException.class);
		given(busy.retryAfter()).willReturn(Duration.ofSeconds(2));
		willThrow(busy).given(this.resets).validate(any(), any(), any());
		MockHttpServletResponse response = post(VALIDATE, VALIDATE_BODY);
		assertResult(response, OamResult.SERVICE_UNAVAILABLE, OamResult.SERVICE_UNAVAILABLE.message());
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
	}

	@Test
	void anUnexpectedFailureIsA500WithoutItsMessage() throws Exception {
		willThrow(new IllegalStateException("relation one_time_code, code 123456")).given(this.resets)
			.validate(any(), any(), any());
		MockHttpServletResponse response = post(VALIDATE, VALIDATE_BODY);
		assertResult(response, OamResult.INTERNAL_ERROR, OamResult.INTERNAL_ERROR.message());
		assertThat(response.getContentAsString()).doesNotContain("123456", "one_time_code", "IllegalState");
	}

	@Test
	void badInputIsAMalformedRequestNamingTheFieldNotTheValue() throws Exception {
		assertResult(post(VALIDATE, "{\"appName\": "), OamResult.MALFORMED_REQUEST, null);
		assertResult(post(CREATE, "{\"deliveryChannel\": \"email\", \"userId\": \"grace\"}"),
				OamResult.MALFORMED_REQUEST, "AppName is required.");
		MockHttpServletResponse pigeon = post(CREATE,
				"{\"appName\": \"portal\", \"deliveryChannel\": \"pigeon\", \"userId\": \"grace\"}");
		assertResult(pigeon, OamResult.MALFORMED_REQUEST, "DeliveryChannel must be one of sms, email, totp, custom.");
		assertThat(pigeon.getContentAsString()).doesNotContain("pigeon");
	}

	@Test
	void anErrorIsInXmlWhenTheCallerAsksForIt() throws Exception {
		willThrow(new OneTimePasswordRejectedException(CodeRejection.EXPIRED)).given(this.resets)
			.validate(any(), any(), any());
		MockHttpServletResponse response = this.mvc.post()
			.uri(VALIDATE)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_XML)
			.content(VALIDATE_BODY)
			.exchange()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(422);
		assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_XML_VALUE);
		assertThat(response.getContentAsString()).contains("<minorCode>OTP_EXPIRED</minorCode>",
				"<resultCode>2</resultCode>");
	}

	private JsonNode assertResult(MockHttpServletResponse response, OamResult result, String message) throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(result.status());
		assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.get("minorCode").asString()).isEqualTo(result.minorCode());
		assertThat(body.get("resultCode").asString()).isEqualTo(result.resultCode());
		if (message != null) {
			assertThat(body.get("message").asString()).isEqualTo(message);
		}
		return body;
	}

	private MockHttpServletResponse post(String path, String body) {
		return this.mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange().getResponse();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OamProperties.class)
	static class Properties {

	}

}
