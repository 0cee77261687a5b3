package dev.passwordreset.api.identitycenter;

import java.util.Map;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.reset.PasswordResetService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/password-resets/confirm}: the JSON twin of the reset page. The token is
 * the credential, so this path has a security chain of its own that asks for no caller
 * ({@link IdentityCenterSecurityConfiguration#passwordResetConfirmationFilterChain}).
 * Every unusable token gets the same answer.
 */
@RestController
class PasswordResetConfirmationController {

	static final String PATH = "/v1/password-resets/confirm";

	private final PasswordResetService resets;

	PasswordResetConfirmationController(PasswordResetService resets) {
		this.resets = resets;
	}

	@Operation(summary = "Set a new password with a reset link's token (no credentials: the token is one)")
	@ApiResponse(responseCode = "200", description = "The password was set")
	@ApiResponse(responseCode = "409", description = "The link was already used by a concurrent request (IIC.1006)")
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> confirm(@Valid @RequestBody ConfirmRequest request, HttpServletRequest http) {
		this.resets.confirm(request.token(), request.newPassword(), AuditActors.anonymous(http));
		return Map.of();
	}

	/** No size limit on the token: a token of any other shape gets the generic answer. */
	record ConfirmRequest(@NotNull String token, @NotNull String newPassword) {

		@Override
		public String toString() {
			return "ConfirmRequest[token=***, newPassword=***]";
		}

	}

}
