package dev.passwordreset.api.oam;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * OAM's {@code ValidateOTPResponse}, the body of every answer of this face but the policy
 * and createOTP ones. Password-management successes add {@code messages}, empty, as
 * Oracle's models for them do; a refused password lists the violated rules there. In XML
 * the root is OAM's {@code ValidateOTPResponse} and each message a {@code PolicyMessage}
 * inside {@code messages}.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonPropertyOrder({ "message", "minorCode", "resultCode", "messages" })
@JacksonXmlRootElement(localName = "ValidateOTPResponse")
record OamResponse(String message, String minorCode, String resultCode,
		@JsonInclude(JsonInclude.Include.NON_NULL) @JacksonXmlElementWrapper(
				localName = "messages") @JacksonXmlProperty(
						localName = "PolicyMessage") @Nullable List<PolicyMessage> messages) {

	static OamResponse of(OamResult result) {
		return new OamResponse(result.message(), result.minorCode(), result.resultCode(), null);
	}

	static OamResponse of(OamResult result, String message) {
		return new OamResponse(message, result.minorCode(), result.resultCode(), null);
	}

	/**
	 * A password-management success. Oracle's models for these answers
	 * (PasswordResetWithOTPResponse, and the password change and validation responses)
	 * carry {@code messages}, a list of PolicyMessage; a success has broken no rule, so
	 * the list is empty but present.
	 */
	static OamResponse withMessages(OamResult result, String message) {
		return new OamResponse(message, result.minorCode(), result.resultCode(), List.of());
	}

}
