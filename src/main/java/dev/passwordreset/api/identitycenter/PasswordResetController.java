package dev.passwordreset.api.identitycenter;

import java.util.UUID;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.reset.IssuedPassword;
import dev.passwordreset.reset.PasswordResetService;
import dev.passwordreset.reset.SignInResult;
import dev.passwordreset.reset.SignInService;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Huawei's ResetPwdMode, {@code POST .../users/{user_id}/reset-password}, in OTP and
 * EMAIL mode, and the sign-in check that makes the passwords it sets usable.
 */
@RestController
class PasswordResetController {

	private final PasswordResetService resets;

	private final SignInService signIns;

	PasswordResetController(PasswordResetService resets, SignInService signIns) {
		this.resets = resets;
		this.signIns = signIns;
	}

	@Operation(summary = "Reset a user's password: OTP returns a one-time password, EMAIL mails a reset link "
			+ "(ResetPwdMode)")
	@PostMapping(path = "/v1/identity-stores/{identity_store_id}/users/{user_id}/reset-password",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResetPasswordResponse resetPassword(@PathVariable("identity_store_id") String identityStoreId,
			@PathVariable("user_id") UUID userId, @Valid @RequestBody ResetPasswordRequest request,
			@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		if (request.mode() == PasswordMode.EMAIL) {
			// The mail is queued with the token; the answer does not wait for the mail
			// server.
			this.resets.resetWithEmailLink(identityStoreId, userId, AuditActors.of(caller, http));
			return new ResetPasswordResponse(null);
		}
		IssuedPassword issued = this.resets.resetWithOneTimePassword(identityStoreId, userId,
				AuditActors.of(caller, http));
		return new ResetPasswordResponse(issued.password());
	}

	@Operation(summary = "Check a user's sign-in with user name and password")
	@ApiResponse(responseCode = "200", description = "The sign-in succeeded")
	@ApiResponse(responseCode = "401",
			description = "The user's sign-in was refused (IIC.4010), or the caller's " + "credentials were")
	@PostMapping(path = "/v1/identity-stores/{identity_store_id}/authenticate",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	SignInResponse authenticate(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody SignInRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		SignInResult result = this.signIns.signIn(identityStoreId, request.userName(), request.password(),
				AuditActors.of(caller, http));
		return new SignInResponse(result.userId().toString(), result.passwordChangeRequired());
	}

	/** Huawei's {@code UpdatePwdModeReqBody}. */
	record ResetPasswordRequest(@NotNull PasswordMode mode) {
	}

	/** The one-time password in OTP mode; nothing ({@code {}}) in EMAIL mode. */
	record ResetPasswordResponse(@Nullable String password) {

		@Override
		public String toString() {
			return "ResetPasswordResponse[password=***]";
		}

	}

	record SignInRequest(@NotNull @Size(min = 1, max = 128) String userName,
			@NotNull @Size(min = 1, max = 1024) String password) {

		@Override
		public String toString() {
			return "SignInRequest[userName=" + this.userName + "]";
		}

	}

	record SignInResponse(String userId, boolean passwordChangeRequired) {
	}

}
