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
 * Maps what the core and the framework throw to Huawei's codes. Messages are built here
 * from known facts (a field name, an allowed value); exception messages are never passed
 * through, because they can carry class names, SQL or input.
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
		switch (ex.error()) {
			case STORE_NOT_FOUND, USER_NOT_FOUND, ACCOUNT_NOT_FOUND, DELEGATED_ADMINISTRATOR_NOT_FOUND, GROUP_NOT_FOUND,
					MEMBERSHIP_NOT_FOUND ->
				error(request, response, 404, IdentityCenterErrors.NOT_FOUND, ex.getMessage());
			case DUPLICATE_STORE_NAME, DUPLICATE_USER_NAME, DUPLICATE_ACCOUNT_NAME, ALREADY_DELEGATED_ADMINISTRATOR,
					DUPLICATE_GROUP_NAME, DUPLICATE_MEMBERSHIP ->
				this.errors.write(request, response, 409, IdentityCenterErrors.DUPLICATE,
						"Duplicate entity objects: " + IdentityCenterErrors.sentence(ex.getMessage()));
			case INVALID_ATTRIBUTE -> error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
			case MANAGEMENT_ACCOUNT_NOT_DELEGABLE, QUOTA_EXCEEDED ->
				error(request, response, 409, IdentityCenterErrors.MODIFICATION_FAILED, ex.getMessage());
			case CONCURRENT_MODIFICATION -> concurrencyConflict(request, response);
		}
	}

	@ExceptionHandler
	void accessKey(AccessKeyException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		switch (ex.error()) {
			case ACCOUNT_NOT_FOUND, ACCESS_KEY_NOT_FOUND ->
				error(request, response, 404, IdentityCenterErrors.NOT_FOUND, ex.getMessage());
			case DUPLICATE_ACCESS_KEY -> this.errors.write(request, response, 409, IdentityCenterErrors.DUPLICATE,
					"Duplicate entity objects: " + IdentityCenterErrors.sentence(ex.getMessage()));
			case QUOTA_EXCEEDED ->
				error(request, response, 409, IdentityCenterErrors.MODIFICATION_FAILED, ex.getMessage());
			case INVALID_FORMAT -> error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
		}
	}

	/**
	 * The core's own refusal to mint, for a request the action table let through:
	 * answered and audited like the table's denials.
	 */
	@ExceptionHandler
	void mintingRefused(MintingRefusedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.denials.deny(request, response, (action, caller) -> ex.getMessage());
	}

	@ExceptionHandler
	void resetNotPossible(ResetNotPossibleException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	void invalidSelfServiceRequest(SelfServicePasswordResetController.InvalidSelfServiceRequestException ex,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
	}

	/** Huawei's API gateway answers a throttled request with APIGW.0308 and a 429. */
	@ExceptionHandler
	void rateLimited(RateLimitExceededException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
		this.errors.write(request, response, 429, IdentityCenterErrors.THROTTLED,
				"The throttling threshold has been reached. Try again later.");
	}

	/**
	 * One answer for every unusable reset token: unknown, malformed, expired, used or
	 * invalidated.
	 */
	@ExceptionHandler
	void invalidResetToken(InvalidResetTokenException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, "the reset link is invalid or has expired");
	}

	/** The reasons are sentences of the policy's own, which never quote the password. */
	@ExceptionHandler
	void passwordRejected(PasswordRejectedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST,
				"the new password does not meet the password policy: " + String.join(" ", ex.reasons()));
	}

	/**
	 * A user's failed sign-in, not the caller's: the caller is authenticated, so not
	 * APIGW.
	 */
	@ExceptionHandler
	void signInFailed(SignInFailedException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		this.errors.write(request, response, 401, "IIC.4010",
				"Sign-in failed: the user name or password is incorrect, or the user cannot sign in now.");
	}

	@ExceptionHandler
	void passwordPolicy(PasswordPolicyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	void auditQuery(InvalidAuditQueryException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		int status = UnreadableBodies.statusOf(ex);
		error(request, response, status, IdentityCenterErrors.codeFor(status), UnreadableBodies.describe(ex));
	}

	@ExceptionHandler
	void invalid(MethodArgumentNotValidException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		FieldError field = ex.getBindingResult().getFieldError();
		String detail = (field != null) ? snakeCase(field.getField()) + " " + field.getDefaultMessage()
				: "the request body is invalid";
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, detail);
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
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST, detail);
	}

	@ExceptionHandler
	void typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Class<?> type = ex.getRequiredType();
		String detail = (type != null && type.isEnum())
				? " must be one of "
						+ Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "))
				: " is not a valid " + typeName(type);
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST,
				"parameter " + snakeCase(ex.getName()) + detail);
	}

	@ExceptionHandler
	void missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST,
				"parameter " + ex.getParameterName() + " is required");
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
			error(request, response, 413, IdentityCenterErrors.codeFor(413), ErrorPages.defaultMessage(413));
			return;
		}
		error(request, response, 400, IdentityCenterErrors.BAD_REQUEST,
				"the query parameters cannot be decoded, or there are too many of them");
	}

	@ExceptionHandler
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		error(request, response, 415, "IIC.415", "the content type is not supported; send application/json");
	}

	@ExceptionHandler
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		error(request, response, 406, "IIC.406", "only application/json responses are available");
	}

	@ExceptionHandler
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (ex.getSupportedHttpMethods() != null) {
			response.setHeader("Allow",
					ex.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.joining(", ")));
		}
		error(request, response, 405, "IIC.405", "this method is not allowed on this resource");
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
		this.errors.write(request, response, 409, IdentityCenterErrors.MODIFICATION_FAILED,
				"Data modification failed.");
	}

	/**
	 * Too many password hashes were waiting for a core: nothing was checked or changed,
	 * and the same request may be sent again when the queue has drained.
	 */
	@ExceptionHandler
	void hashingBusy(HashingBusyException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Retry-After", RetryAfter.header(ex.retryAfter()));
		this.errors.write(request, response, 503, "IIC.503", "Service temporarily unavailable. Try again later.");
	}

	/**
	 * The database went away or refused for a moment (a restart, a failover, a full
	 * pool): the request may be retried, which a 500 would not say.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	void databaseUnavailable(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.warn("Database unavailable for {} {}: {}", request.getMethod(), LoggableFailures.routeOf(request),
				ex.getClass().getSimpleName());
		response.setHeader("Retry-After", "1");
		this.errors.write(request, response, 503, "IIC.503", "Service temporarily unavailable. Try again later.");
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
		this.errors.write(request, response, 500, "IIC.500", "Internal Server Error.");
	}

	private void concurrencyConflict(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.errors.write(request, response, 409, IdentityCenterErrors.CONCURRENCY_CONFLICT,
				"Concurrency conflicts. Try again later.");
	}

	private void error(HttpServletRequest request, HttpServletResponse response, int status, String code, String detail)
			throws IOException {
		this.errors.write(request, response, status, code, IdentityCenterErrors.messageFor(status, detail));
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
