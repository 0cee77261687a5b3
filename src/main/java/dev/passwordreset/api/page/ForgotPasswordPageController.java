package dev.passwordreset.api.page;

import java.util.List;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.reset.ForgottenPassword;
import dev.passwordreset.reset.RateLimitExceededException;
import dev.passwordreset.reset.SelfServiceResetService;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /forgot-password} shows a form for a new reset link,
 * {@code POST /forgot-password} asks for one through the same service, and so the same
 * limits, as {@code POST /v1/password-resets}. The answer never says whether the account
 * exists. No CSRF token: a forged cross-site POST can only make the service mail a link
 * to the address on file, which anyone can ask for anyway, and the per-address limit
 * applies.
 */
@Controller
class ForgotPasswordPageController {

	static final String PATH = "/forgot-password";

	private final SelfServiceResetService selfService;

	ForgotPasswordPageController(SelfServiceResetService selfService) {
		this.selfService = selfService;
	}

	@GetMapping(PATH)
	ResponseEntity<String> form(
			@RequestParam(name = "identity_store_id", required = false, defaultValue = "") String identityStoreId) {
		if (!this.selfService.isEnabled()) {
			return ResetPasswordPageController.page(HttpStatus.NOT_FOUND, ResetPasswordPages.selfServiceDisabled());
		}
		String prefilled = isStoreId(identityStoreId) ? identityStoreId : "";
		return ResetPasswordPageController.page(HttpStatus.OK, ResetPasswordPages.forgotForm(prefilled, List.of()));
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> submit(
			@RequestParam(name = "identity_store_id", required = false, defaultValue = "") String identityStoreId,
			@RequestParam(name = "user", required = false, defaultValue = "") String user, HttpServletRequest request) {
		if (!this.selfService.isEnabled()) {
			return ResetPasswordPageController.page(HttpStatus.NOT_FOUND, ResetPasswordPages.selfServiceDisabled());
		}
		String store = identityStoreId.strip();
		String name = user.strip();
		if (!isStoreId(store) || name.isEmpty() || name.length() > 254
				|| name.chars().anyMatch(Character::isISOControl)) {
			return ResetPasswordPageController.page(HttpStatus.BAD_REQUEST,
					ResetPasswordPages.forgotForm(isStoreId(store) ? store : "",
							List.of("Enter the identity store ID and your user name or email address.")));
		}
		try {
			this.selfService.request(ForgottenPassword.byNameOrEmail(store, name), AuditActors.anonymous(request));
		}
		catch (RateLimitExceededException ex) {
			long minutes = Math.max(1, (ex.retryAfter().toSeconds() + 59) / 60);
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
				.headers(ResetPasswordPageController.pageHeaders())
				.body(ResetPasswordPages.tooManyRequests(minutes));
		}
		return ResetPasswordPageController.page(HttpStatus.OK, ResetPasswordPages.forgotRequested());
	}

	private static boolean isStoreId(String value) {
		return !value.isEmpty() && value.length() <= 64
				&& value.chars()
					.allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
							|| c == '-' || c == '_');
	}

}
