package dev.passwordreset.api.identitycenter;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.reset.ForgottenPassword;
import dev.passwordreset.reset.SelfServiceResetService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /v1/password-resets}: "forgot password", without caller credentials. Every
 * accepted request gets the same 202 and the same bytes, whether or not the user exists;
 * the link, if any, goes to the address on file. Only malformed bodies (400) and a client
 * over its limit (429) are told apart, and neither says anything about users.
 */
@RestController
class SelfServicePasswordResetController {

	static final String PATH = "/v1/password-resets";

	/** The one answer to every accepted request. */
	static final SelfServiceAnswer ACCEPTED = new SelfServiceAnswer(
			"If the user exists and has a primary email address, a reset link has been sent to it.");

	private final SelfServiceResetService selfService;

	SelfServicePasswordResetController(SelfServiceResetService selfService) {
		this.selfService = selfService;
	}

	@Operation(summary = "Forgot password: mail a reset link to the address on file (no credentials; ours)")
	@ApiResponse(responseCode = "202", description = "Accepted, whether or not the user exists")
	@ApiResponse(responseCode = "429",
			description = "Too many requests from this client address; see Retry-After " + "(APIGW.0308)")
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SelfServiceAnswer> request(@Valid @RequestBody ForgotPasswordRequest body, HttpServletRequest http) {
		if (!this.selfService.isEnabled()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		if ((body.userName() == null) == (body.email() == null)) {
			throw new InvalidSelfServiceRequestException();
		}
		this.selfService.request(new ForgottenPassword(body.identityStoreId(), body.userName(), body.email()),
				AuditActors.anonymous(http));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(ACCEPTED);
	}

	/**
	 * What a user typed; printed without its values, since a password may be among them.
	 */
	record ForgotPasswordRequest(
			@NotNull @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9_-]*",
					message = "must be an identity store id such as d-1234567890") String identityStoreId,
			@Size(min = 1, max = 128) @Pattern(regexp = "\\P{Cc}*",
					message = "must not contain control characters") @Nullable String userName,
			@Size(min = 3, max = 254) @Pattern(regexp = "[^@\\s\\p{Cc}]+@[^@\\s\\p{Cc}]+",
					message = "must be an email address") @Nullable String email) {

		@Override
		public String toString() {
			return "ForgotPasswordRequest[identityStoreId=" + this.identityStoreId + ", userName=***, email=***]";
		}

	}

	record SelfServiceAnswer(String message) {
	}

	/**
	 * A body that is well-formed JSON but names the user in neither or both ways; the
	 * exception handler words the answer.
	 */
	static class InvalidSelfServiceRequestException extends RuntimeException {

		InvalidSelfServiceRequestException() {
			super("neither or both of user_name and email", null, false, false);
		}

	}

}
