package dev.passwordreset.api.identitycenter;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.passwordreset.api.DatabaseFailures;
import dev.passwordreset.api.ErrorPages;
import dev.passwordreset.api.LoggableFailures;
import dev.passwordreset.api.RetryAfter;
import dev.passwordreset.api.UnreadableBodies;
import dev.passwordreset.audit.InvalidAuditQueryException;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.password.PasswordPolicyException;
import dev.passwordreset.reset.InvalidResetTokenException;
import dev.passwordreset.reset.PasswordRejectedException;
import dev.passwordreset.reset.RateLimitExceededException;
import dev.passwordreset.reset.ResetNotPossibleException;
import dev.passwordreset.reset.SignInFailedException;
import dev.passwordreset.security.AccessKeyException;
import dev.passwordreset.security.MintingRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Maps what the core and the framework throw to Huawei's codes. The core's refusals are
 * worded by {@link IdentityCenterRefusals} from their reasons and structured facts; the
 * framework's are worded here from known facts (a field name, an allowed value).
 * Exception messages are never passed through, because they can carry class names, SQL or
 * input.
 */
@RestControllerAdvice(basePackageClasses = IdentityCenterExceptionHandler.class)
class IdentityCenterExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(IdentityCenterExceptionHandler.class);

	private final IdentityCenterErrors errors;

	private final AccessDenials denials;

	IdentityCenterExceptionHandler(IdentityCenterErrors errors, AccessDenials denials) {
		this.errors = errors;
		this.denials = denials;
	}

	@ExceptionHandler
	void identity(IdentityException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuse(request, response, IdentityCenterRefusals.of(ex));
	}

	@ExceptionHandler
	void accessKey(AccessKeyException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuse(request, response, IdentityCenterRefusals.of(ex));
	}

	/**
	 * The core's own refusal to mint, for a request the action table let through:
	 * answered and audited like the table's denials, with the rule's fixed refusal as the
	 * reason.
	 */
	@ExceptionHandler
	void mintingRefused(MintingRefusedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.denials.deny(request, response, (action, caller) -> ex.refusal());
	}

	@ExceptionHandler
	void resetNotPossible(ResetNotPossibleException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		refuse(request, response, IdentityCenterRefusals.of(ex));
	}

	@ExceptionHandler
	void invalidSelfServiceRequest(SelfServicePasswordResetController.InvalidSelfServiceRequestException ex,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		error(request, response, IdentityCenterCode.BAD_REQUEST, "give either user_name or email, not both");
	}

	/** Huawei's API gateway answers a throttled request with APIGW.0308 and a 429. */
	@ExceptionHandler
	void rateLimited(RateLimitExceededException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
		this.errors.write(request, response, IdentityCenterCode.THROTTLED,
				"The throttling threshold has been reached. Try again later.");
	}

	/**
	 * One answer for every unusable reset token: unknown, malformed, expired, used or
	 * invalidated.
	 */
	@ExceptionHandler
	void invalidResetToken(InvalidResetTokenException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, IdentityCenterCode.BAD_REQUEST, "the reset link is invalid or has expired");
	}

	/** The reasons are sentences of the policy's own, which never quote the password. */
	@ExceptionHandler
	void passwordRejected(PasswordRejectedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, IdentityCenterCode.BAD_REQUEST,
				"the new password does not meet the password policy: " + String.join(" ", ex.reasons()));
	}

	@ExceptionHandler
	void signInFailed(SignInFailedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, IdentityCenterCode.SIGN_IN_FAILED,
				"Sign-in failed: the user name or password is incorrect, or the user cannot sign in now.");
	}

	@ExceptionHandler
	void passwordPolicy(PasswordPolicyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		refuse(request, response, IdentityCenterRefusals.of(ex));
	}

	@ExceptionHandler
	void auditQuery(InvalidAuditQueryException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		refuse(request, response, IdentityCenterRefusals.of(ex));
	}

	@ExceptionHandler
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		IdentityCenterCode code = (UnreadableBodies.statusOf(ex) == IdentityCenterCode.REQUEST_TOO_LARGE.status())
				? IdentityCenterCode.REQUEST_TOO_LARGE : IdentityCenterCode.BAD_REQUEST;
		error(request, response, code, UnreadableBodies.describe(ex));
	}

	@ExceptionHandler
	void invalid(MethodArgumentNotValidException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		FieldError field = ex.getBindingResult().getFieldError();
		String detail = (field != null) ? snakeCase(field.getField()) + " " + field.getDefaultMessage()
				: "the request body is invalid";
		error(request, response, IdentityCenterCode.BAD_REQUEST, detail);
	}

	@ExceptionHandler
	void invalidParameter(HandlerMethodValidationException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String detail = ex.getParameterValidationResults()
			.stream()
			.findFirst()
			.map((result) -> snakeCase(result.getMethodParameter().getParameterName()) + " "
					+ result.getResolvableErrors().get(0).getDefaultMessage())
			.orElse("a parameter is invalid");
		error(request, response, IdentityCenterCode.BAD_REQUEST, detail);
	}

	@ExceptionHandler
	void typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Class<?> type = ex.getRequiredType();
		String detail = (type != null && type.isEnum())
				? " must be one of "
						+ Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
				: " is not a valid " + typeName(type);
		error(request, response, IdentityCenterCode.BAD_REQUEST, "parameter " + snakeCase(ex.getName()) + detail);
	}

	@ExceptionHandler
	void missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		error(request, response, IdentityCenterCode.BAD_REQUEST, "parameter " + ex.getParameterName() + " is required");
	}

	/**
	 * Tomcat decodes the parameters on first use, and refuses a broken escape, bytes that
	 * are not UTF-8, too many parameters or a form body over the limit.
	 * {@code RequestParameterDecodingFilter} refuses them before any handler runs; this
	 * answers the same should a handler meet one.
	 */
	@ExceptionHandler
	void undecodableParameters(InvalidParameterException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (ex.getErrorCode() == 413) {
			error(request, response, IdentityCenterCode.REQUEST_TOO_LARGE, ErrorPages.defaultMessage(413));
			return;
		}
		error(request, response, IdentityCenterCode.BAD_REQUEST,
				"the query parameters cannot be decoded, or there are too many of them");
	}

	@ExceptionHandler
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		error(request, response, IdentityCenterCode.UNSUPPORTED_MEDIA_TYPE,
				"the content type is not supported; send application/json");
	}

	@ExceptionHandler
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, IdentityCenterCode.NOT_ACCEPTABLE, "only application/json responses are available");
	}

	@ExceptionHandler
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (ex.getSupportedHttpMethods() != null) {
			response.setHeader("Allow",
					ex.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.joining(", ")));
		}
		error(request, response, IdentityCenterCode.METHOD_NOT_ALLOWED, "this method is not allowed on this resource");
	}

	/**
	 * Optimistic version clashes, deadlocks and lock timeouts: another writer won this
	 * time.
	 */
	@ExceptionHandler
	void concurrency(ConcurrencyFailureException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		concurrencyConflict(request, response);
	}

	@ExceptionHandler
	void integrity(DataIntegrityViolationException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.info("Refused a change that breaks a database constraint: {}", ex.getClass().getSimpleName());
		this.errors.write(request, response, IdentityCenterCode.MODIFICATION_FAILED, "Data modification failed.");
	}

	/**
	 * Too many password hashes were waiting for a core: nothing was checked or changed,
	 * and the same request may be sent again when the queue has drained.
	 */
	@ExceptionHandler
	void hashingBusy(HashingBusyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", RetryAfter.header(ex.retryAfter()));
		this.errors.write(request, response, IdentityCenterCode.SERVICE_UNAVAILABLE,
				"Service temporarily unavailable. Try again later.");
	}

	/**
	 * The database went away or refused for a moment (a restart, a failover, a full
	 * pool): the request may be retried, which a 500 would not say.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	void databaseUnavailable(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.warn("{} unavailable for {} {}: {}", DatabaseFailures.whatWasUnavailable(ex), request.getMethod(),
				LoggableFailures.routeOf(request), ex.getClass().getSimpleName());
		response.setHeader("Retry-After", "1");
		this.errors.write(request, response, IdentityCenterCode.SERVICE_UNAVAILABLE,
				"Service temporarily unavailable. Try again later.");
	}

	@ExceptionHandler
	void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (ex instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
			// A refusal of the framework's that has no handler here, such as a path
			// variable that
			// converts to nothing: its status stands, with a message of ours.
			int status = refusal.getStatusCode().value();
			this.errors.render(request, response, status, ErrorPages.defaultMessage(status));
			return;
		}
		if (DatabaseFailures.isDatabaseUnavailable(ex)) {
			// A connection the database dropped mid-transaction, under whatever wrapper.
			databaseUnavailable(ex, request, response);
			return;
		}
		logger.error("Unexpected failure of {} {}", request.getMethod(), LoggableFailures.routeOf(request),
				LoggableFailures.withoutMessages(ex));
		this.errors.write(request, response, IdentityCenterCode.INTERNAL_ERROR, "Internal Server Error.");
	}

	private void concurrencyConflict(HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuse(request, response, IdentityCenterRefusals.concurrencyConflict());
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response,
			IdentityCenterRefusals.Refusal refusal) throws IOException {
		this.errors.write(request, response, refusal.code(), refusal.message());
	}

	private void error(HttpServletRequest request, HttpServletResponse response, IdentityCenterCode code, String detail)
			throws IOException {
		this.errors.write(request, response, code, IdentityCenterErrors.messageFor(code.status(), detail));
	}

	private static String typeName(Class<?> type) {
		if (type == null) {
			return "value";
		}
		if (type == java.util.UUID.class) {
			return "UUID";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "integer";
		}
		if (type == java.time.Instant.class) {
			return "ISO-8601 instant, such as 2026-01-31T23:59:59Z";
		}
		return "value";
	}

	static String snakeCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

}
