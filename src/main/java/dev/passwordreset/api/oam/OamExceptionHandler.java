package dev.passwordreset.api.oam;

import java.io.IOException;
import java.util.stream.Collectors;

import dev.passwordreset.api.DatabaseFailures;
import dev.passwordreset.api.ErrorPages;
import dev.passwordreset.api.LoggableFailures;
import dev.passwordreset.api.RetryAfter;
import dev.passwordreset.api.UnreadableBodies;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.otp.OneTimePasswordRejectedException;
import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.reset.CodeNotSentException;
import dev.passwordreset.reset.PasswordRejectedException;
import dev.passwordreset.reset.SignInFailedException;
import dev.passwordreset.reset.TooManyCodesException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps what the core and the framework throw to {@link OamResult}s: the core's refusals
 * by their reasons. Messages are the table's own, built here from known facts (a field's
 * name), or the detail of the face's own {@link OamException}; an exception's message
 * never reaches a body.
 */
@RestControllerAdvice(basePackageClasses = OamExceptionHandler.class)
class OamExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(OamExceptionHandler.class);

	private final OamErrors errors;

	OamExceptionHandler(OamErrors errors) {
		this.errors = errors;
	}

	@ExceptionHandler
	void oam(OamException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.errors.write(request, response, ex.result(), OamErrors.sentence(ex.detail()));
	}

	@ExceptionHandler
	void identity(IdentityException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		switch (ex.error()) {
			case STORE_NOT_FOUND -> this.errors.write(request, response, OamResult.IDENTITY_STORE_NOT_FOUND);
			case USER_NOT_FOUND -> this.errors.write(request, response, OamResult.USER_NOT_FOUND);
			case CONCURRENT_MODIFICATION -> this.errors.write(request, response, OamResult.SERVICE_UNAVAILABLE);
			default -> this.errors.write(request, response, OamResult.MALFORMED_REQUEST);
		}
	}

	@ExceptionHandler
	void codeRejected(OneTimePasswordRejectedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, switch (ex.reason()) {
			case INVALID -> OamResult.OTP_INVALID;
			case EXPIRED -> OamResult.OTP_EXPIRED;
			case USED -> OamResult.OTP_USED;
			case ATTEMPTS_EXCEEDED -> OamResult.OTP_ATTEMPTS_EXCEEDED;
		});
	}

	@ExceptionHandler
	void codeNotSent(CodeNotSentException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		switch (ex.reason()) {
			case CHANNEL_NOT_SUPPORTED -> this.errors.write(request, response, OamResult.CHANNEL_NOT_SUPPORTED);
			case NO_EMAIL -> this.errors.write(request, response, OamResult.DELIVERY_NOT_POSSIBLE,
					"The one-time code cannot be delivered: the user has no primary email address.");
			case EMAIL_NOT_ON_FILE -> this.errors.write(request, response, OamResult.DELIVERY_NOT_POSSIBLE,
					"The one-time code cannot be delivered: the email address is not one of the user's own.");
			case NO_PHONE -> this.errors.write(request, response, OamResult.DELIVERY_NOT_POSSIBLE,
					"The one-time code cannot be delivered: the user has no primary phone number that can receive "
							+ "a text message.");
			case PHONE_NOT_ON_FILE -> this.errors.write(request, response, OamResult.DELIVERY_NOT_POSSIBLE,
					"The one-time code cannot be delivered: the phone number is not one of the user's own.");
			case USER_DISABLED -> this.errors.write(request, response, OamResult.DELIVERY_NOT_POSSIBLE,
					"The one-time code cannot be delivered: the user is disabled.");
		}
	}

	@ExceptionHandler
	void tooManyCodes(TooManyCodesException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", Long.toString(Math.max(1, ex.retryAfter().toSeconds() + 1)));
		this.errors.write(request, response, OamResult.RATE_LIMITED);
	}

	/**
	 * 422, with each broken rule; the reasons are the policy's own sentences and never
	 * quote the password.
	 */
	@ExceptionHandler
	void passwordRejected(PasswordRejectedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, OamResult.PASSWORD_POLICY_VIOLATION.status(),
				PasswordManagementController.violated(ex.violations()));
	}

	@ExceptionHandler
	void signInFailed(SignInFailedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, OamResult.ORIGINAL_PASSWORD_INCORRECT);
	}

	@ExceptionHandler
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (UnreadableBodies.statusOf(ex) == OamResult.REQUEST_TOO_LARGE.status()) {
			this.errors.write(request, response, OamResult.REQUEST_TOO_LARGE,
					"The request is too large: " + UnreadableBodies.describe(ex) + ".");
			return;
		}
		malformed(request, response, UnreadableBodies.describe(ex, isXml(request.getContentType()) ? "XML" : "JSON"));
	}

	/** Tomcat refuses a query string with a broken escape or bytes that are not UTF-8. */
	@ExceptionHandler
	void undecodableParameters(InvalidParameterException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (ex.getErrorCode() == OamResult.REQUEST_TOO_LARGE.status()) {
			this.errors.write(request, response, OamResult.REQUEST_TOO_LARGE);
			return;
		}
		malformed(request, response, "the query parameters cannot be decoded, or there are too many of them");
	}

	@ExceptionHandler
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		this.errors.write(request, response, 415, OamResponse.of(OamResult.MALFORMED_REQUEST,
				"The content type is not supported; send application/json or application/xml."));
	}

	@ExceptionHandler
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, 406, OamResponse.of(OamResult.MALFORMED_REQUEST,
				"Only application/json and application/xml responses are available."));
	}

	@ExceptionHandler
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (ex.getSupportedHttpMethods() != null) {
			response.setHeader("Allow",
					ex.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.joining(", ")));
		}
		this.errors.write(request, response, 405,
				OamResponse.of(OamResult.MALFORMED_REQUEST, "This method is not allowed on this resource."));
	}

	/**
	 * Too many password hashes were waiting for a core: nothing was done, and a retry may
	 * succeed.
	 */
	@ExceptionHandler
	void hashingBusy(HashingBusyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", RetryAfter.header(ex.retryAfter()));
		this.errors.write(request, response, OamResult.SERVICE_UNAVAILABLE);
	}

	/**
	 * The database went away for a moment (a restart, a failover, a full pool): worth a
	 * retry.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	void databaseUnavailable(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.warn("{} unavailable for {} {}: {}", DatabaseFailures.whatWasUnavailable(ex), request.getMethod(),
				LoggableFailures.routeOf(request), ex.getClass().getSimpleName());
		response.setHeader("Retry-After", "1");
		this.errors.write(request, response, OamResult.SERVICE_UNAVAILABLE);
	}

	@ExceptionHandler
	void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (ex instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
			int status = refusal.getStatusCode().value();
			this.errors.write(request, response, status,
					OamResponse.of(OamResult.forStatus(status), OamErrors.sentence(ErrorPages.defaultMessage(status))));
			return;
		}
		if (DatabaseFailures.isDatabaseUnavailable(ex)) {
			// A connection the database dropped mid-transaction, under whatever wrapper.
			databaseUnavailable(ex, request, response);
			return;
		}
		logger.error("Unexpected failure of {} {}", request.getMethod(), LoggableFailures.routeOf(request),
				LoggableFailures.withoutMessages(ex));
		this.errors.write(request, response, OamResult.INTERNAL_ERROR);
	}

	private static boolean isXml(@Nullable String contentType) {
		try {
			return contentType != null
					&& MediaType.APPLICATION_XML.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private void malformed(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		this.errors.write(request, response, OamResult.MALFORMED_REQUEST, "The request is malformed: " + detail + ".");
	}

}
