package dev.passwordreset.api.page;

import java.util.List;
import java.util.Optional;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.api.DatabaseFailures;
import dev.passwordreset.api.RetryAfter;
import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.reset.InvalidResetTokenException;
import dev.passwordreset.reset.PasswordRejectedException;
import dev.passwordreset.reset.PasswordResetService;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /reset-password?token=...} shows the form, {@code POST /reset-password} sets
 * the password. A GET never consumes the token, because mail scanners open links. No
 * session or CSRF token is needed: the form carries the reset token, an unguessable
 * secret of this one reset, so a forged cross-site POST cannot supply it. Nothing here
 * logs the token or the query string.
 */
@Controller
class ResetPasswordPageController {

	static final String PATH = "/reset-password";

	/** What an outage's answer asks a browser to wait. */
	private static final long OUTAGE_RETRY_SECONDS = 60;

	private static final Logger logger = LoggerFactory.getLogger(ResetPasswordPageController.class);

	private final PasswordResetService resets;

	private final PasswordPolicyService policies;

	ResetPasswordPageController(PasswordResetService resets, PasswordPolicyService policies) {
		this.resets = resets;
		this.policies = policies;
	}

	@GetMapping(PATH)
	ResponseEntity<String> form(@RequestParam(name = "token", required = false, defaultValue = "") String token) {
		Optional<String> store = this.resets.identityStoreOf(token);
		if (store.isEmpty()) {
			return page(HttpStatus.BAD_REQUEST, ResetPasswordPages.invalidLink());
		}
		return page(HttpStatus.OK, ResetPasswordPages.form(token, this.policies.policyOf(store.get()), List.of()));
	}

	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<String> submit(@RequestParam(name = "token", required = false, defaultValue = "") String token,
			@RequestParam(name = "password", required = false, defaultValue = "") String password,
			@RequestParam(name = "confirmation", required = false, defaultValue = "") String confirmation,
			HttpServletRequest request) {
		Optional<String> store = this.resets.identityStoreOf(token);
		if (store.isEmpty()) {
			return page(HttpStatus.BAD_REQUEST, ResetPasswordPages.invalidLink());
		}
		if (!password.equals(confirmation)) {
			return page(HttpStatus.BAD_REQUEST, ResetPasswordPages.form(token, this.policies.policyOf(store.get()),
					List.of("The two passwords do not match.")));
		}
		try {
			this.resets.confirm(token, password, AuditActors.anonymous(request));
		}
		catch (InvalidResetTokenException ex) {
			return page(HttpStatus.BAD_REQUEST, ResetPasswordPages.invalidLink());
		}
		catch (PasswordRejectedException ex) {
			return page(HttpStatus.BAD_REQUEST,
					ResetPasswordPages.form(token, this.policies.policyOf(store.get()), ex.reasons()));
		}
		catch (HashingBusyException ex) {
			// Nothing was spent: the same form, sent again a little later, will do.
			long seconds = RetryAfter.seconds(ex.retryAfter());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(pageHeaders())
				.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
				.body(ResetPasswordPages.form(token, this.policies.policyOf(store.get()),
						List.of("The service is busy. Please send the form again in " + seconds
								+ " seconds; your link still works.")));
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.isDatabaseUnavailable(ex)) {
				throw ex;
			}
			// The directory or the database is away: nothing was spent, and the same
			// form works once it is back.
			logger.warn("{} unavailable for POST {}: {}", DatabaseFailures.whatWasUnavailable(ex), PATH,
					ex.getClass().getSimpleName());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(pageHeaders())
				.header(HttpHeaders.RETRY_AFTER, Long.toString(OUTAGE_RETRY_SECONDS))
				.body(ResetPasswordPages.form(token, this.policies.policyOf(store.get()),
						List.of("The service is unavailable at the moment. Please send the form again in a minute; "
								+ "your link still works.")));
		}
		return page(HttpStatus.OK, ResetPasswordPages.changed());
	}

	static ResponseEntity<String> page(HttpStatus status, String html) {
		return ResponseEntity.status(status).headers(pageHeaders()).body(html);
	}

	/** No caching, no referrer (the URL may hold a token), no script, no framing. */
	static HttpHeaders pageHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8));
		headers.setCacheControl(CacheControl.noStore());
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("Content-Security-Policy", ResetPasswordPages.CONTENT_SECURITY_POLICY);
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set(HttpHeaders.PRAGMA, "no-cache");
		return headers;
	}

}
