package dev.passwordreset.api.oam;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * OAM's {@code ValidateOTPResponse}, the body of every answer of this face but the policy and
 * createOTP ones; a refused password adds the violated rules in {@code messages}.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonPropertyOrder({ "message", "minorCode", "resultCode", "messages" })
record OamResponse(String message, String minorCode, String resultCode,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<PolicyMessage> messages) {

	static OamResponse of(OamResult result) {
		return new OamResponse(result.message(), result.minorCode(), result.resultCode(), null);
	}

	static OamResponse of(OamResult result, String message) {
		return new OamResponse(message, result.minorCode(), result.resultCode(), null);
	}

}
