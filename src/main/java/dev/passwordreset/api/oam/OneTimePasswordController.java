package dev.passwordreset.api.oam;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.api.oam.OamRequests.CreateOtpRequest;
import dev.passwordreset.api.oam.OamRequests.ValidateOtpRequest;
import dev.passwordreset.reset.CodeChannel;
import dev.passwordreset.reset.CodeReference;
import dev.passwordreset.reset.IssuedOneTimeCode;
import dev.passwordreset.reset.OneTimeCodeResetService;
import dev.passwordreset.reset.UserReference;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAM's "REST API for Multifactor Authentication One Time PIN": createOTP and
 * validateOTP.
 */
@RestController
class OneTimePasswordController {

	static final String BASE = "/oam/services/rest/auth/api/v1/mfa";

	private final OneTimeCodeResetService resets;

	private final OamProperties properties;

	OneTimePasswordController(OneTimeCodeResetService resets, OamProperties properties) {
		this.resets = resets;
		this.properties = properties;
	}

	/**
	 * With {@code deliveryChannel: custom} the code itself comes back in
	 * {@code minorCode}, as OAM does it, for the application to deliver; with
	 * {@code email} it is mailed, and with {@code sms} texted through the configured
	 * gateway, and the answer holds only the correlation id.
	 */
	@Operation(summary = "createOTP: send a one-time code by email or SMS, or return it for the custom channel")
	@ApiResponse(responseCode = "200", description = "The code was sent, or created for the custom channel")
	@ApiResponse(responseCode = "422",
			description = "resultCode 8 CHANNEL_NOT_SUPPORTED: totp, or sms without a " + "configured SMS gateway")
	@ApiResponse(responseCode = "424", description = "resultCode 13 DELIVERY_NOT_POSSIBLE: the code cannot be "
			+ "delivered (no primary email or phone number, an address or number not on file, a disabled user); "
			+ "OAM's Failed Dependency")
	@ApiResponse(responseCode = "429", description = "resultCode 9 RATE_LIMITED; see Retry-After")
	@PostMapping(path = BASE + "/createOTP", consumes = { OamXml.JSON, OamXml.XML },
			produces = { OamXml.JSON, OamXml.XML })
	CreateOtpResponse createOtp(@RequestBody CreateOtpRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		String appName = OamRequests.required("appName", request.appName(), OamRequests.MAX_APP_NAME);
		CodeChannel channel = OamRequests.channel(request.deliveryChannel());
		UserReference user = user(request.userId(), request.idStore());
		String email = OamRequests.optional("email", request.email(), OamRequests.MAX_EMAIL);
		String phone = OamRequests.optional("phone", request.phone(), OamRequests.MAX_PHONE);
		String sessionId = OamRequests.optional("sessionId", request.sessionId(), OamRequests.MAX_SESSION_ID);
		IssuedOneTimeCode issued = this.resets.issue(user, appName, sessionId, channel, email, phone,
				AuditActors.of(caller, http));
		String minorCode = (issued.code() != null) ? issued.code() : OamResult.SUCCESS.minorCode();
		return new CreateOtpResponse(issued.correlationId(),
				(channel == CodeChannel.CUSTOM) ? "The one-time code was created." : "The one-time code was sent.",
				minorCode, OamResult.SUCCESS.resultCode());
	}

	@Operation(summary = "validateOTP: check a one-time code")
	@ApiResponse(responseCode = "200", description = "The code is valid")
	@ApiResponse(responseCode = "422",
			description = "resultCode 1 OTP_INVALID, 2 OTP_EXPIRED, 3 OTP_USED, 4 " + "OTP_ATTEMPTS_EXCEEDED")
	@PostMapping(path = BASE + "/validateOTP", consumes = { OamXml.JSON, OamXml.XML },
			produces = { OamXml.JSON, OamXml.XML })
	OamResponse validateOtp(@RequestBody ValidateOtpRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		UserReference user = user(request.userId(), request.idStore());
		this.resets.validate(user, codeOf(request), AuditActors.of(caller, http));
		return OamResponse.of(OamResult.SUCCESS, "The one-time code is valid.");
	}

	private UserReference user(@Nullable String userId, @Nullable String idStore) {
		String userName = OamRequests.required("userId", userId, OamRequests.MAX_USER_NAME);
		String store = (idStore != null) ? OamRequests.required("idStore", idStore, OamRequests.MAX_STORE_NAME)
				: this.properties.defaultIdentityStore();
		return new UserReference(store, userName, null);
	}

	/** The code as a validateOTP body, or a reset's {@code otp}, presents it. */
	static CodeReference codeOf(ValidateOtpRequest request) {
		String appName = OamRequests.required("appName", request.appName(), OamRequests.MAX_APP_NAME);
		String correlationId = OamRequests.required("correlationId", request.correlationId(),
				OamRequests.MAX_CORRELATION_ID);
		String otpCode = OamRequests.required("otpCode", request.otpCode(), OamRequests.MAX_OTP_CODE);
		String userId = OamRequests.required("userId", request.userId(), OamRequests.MAX_USER_NAME);
		if (request.deliveryChannel() != null) {
			OamRequests.channel(request.deliveryChannel());
		}
		String sessionId = OamRequests.optional("sessionId", request.sessionId(), OamRequests.MAX_SESSION_ID);
		return new CodeReference(correlationId, userId, appName, sessionId, otpCode);
	}

	/** OAM's {@code CreateOTPResponse}. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	@JsonPropertyOrder({ "correlationId", "message", "minorCode", "resultCode" })
	@JacksonXmlRootElement(localName = "CreateOTPResponse")
	record CreateOtpResponse(String correlationId, String message, String minorCode, String resultCode) {

		@Override
		public String toString() {
			return "CreateOtpResponse[correlationId=" + this.correlationId + "]";
		}

	}

}
