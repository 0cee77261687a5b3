package dev.passwordreset.api.oam;

/**
 * The one table of OAM results this service answers with. Oracle documents only
 * {@code resultCode "0"} for success; the other codes are ours, and stay stable: a
 * constant may be added, never renumbered. docs/oam.md lists them, and
 * OamDocumentationTests holds that table to this one.
 */
enum OamResult {

	SUCCESS("0", "0", 200, "Success."),

	OTP_INVALID("1", "OTP_INVALID", 422, "The one-time code is invalid."),

	OTP_EXPIRED("2", "OTP_EXPIRED", 422, "The one-time code has expired."),

	OTP_USED("3", "OTP_USED", 422, "The one-time code was already used."),

	OTP_ATTEMPTS_EXCEEDED("4", "OTP_ATTEMPTS_EXCEEDED", 422,
			"Too many wrong attempts: the one-time code can no longer be used."),

	PASSWORD_POLICY_VIOLATION("5", "PASSWORD_POLICY_VIOLATION", 422,
			"The password does not satisfy the password policy."),

	USER_NOT_FOUND("6", "USER_NOT_FOUND", 404, "The user was not found."),

	IDENTITY_STORE_NOT_FOUND("7", "IDENTITY_STORE_NOT_FOUND", 404, "The identity store was not found."),

	CHANNEL_NOT_SUPPORTED("8", "CHANNEL_NOT_SUPPORTED", 422,
			"The delivery channel is not supported: TOTP is not available, nor SMS without a configured gateway; "
					+ "use email or custom."),

	RATE_LIMITED("9", "RATE_LIMITED", 429, "Too many one-time codes were requested for this user; try again later."),

	MALFORMED_REQUEST("10", "MALFORMED_REQUEST", 400, "The request is malformed."),

	UNAUTHENTICATED("11", "UNAUTHENTICATED", 401, "Authentication is required."),

	ACCESS_DENIED("12", "ACCESS_DENIED", 403,
			"Access denied: only the management account and delegated administrators may call this API."),

	DELIVERY_NOT_POSSIBLE("13", "DELIVERY_NOT_POSSIBLE", 424, "The one-time code cannot be delivered to this user."),

	ORIGINAL_PASSWORD_INCORRECT("14", "ORIGINAL_PASSWORD_INCORRECT", 422,
			"The original password is incorrect, or the user cannot sign in now."),

	NOT_FOUND("15", "NOT_FOUND", 404, "No such resource."),

	INTERNAL_ERROR("16", "INTERNAL_ERROR", 500, "Internal server error."),

	SERVICE_UNAVAILABLE("17", "SERVICE_UNAVAILABLE", 503, "The service is briefly unavailable; try again."),

	METHOD_NOT_ALLOWED("18", "METHOD_NOT_ALLOWED", 405, "This method is not allowed on this resource."),

	REQUEST_TOO_LARGE("19", "REQUEST_TOO_LARGE", 413, "The request is too large.");

	private final String resultCode;

	private final String minorCode;

	private final int status;

	private final String message;

	OamResult(String resultCode, String minorCode, int status, String message) {
		this.resultCode = resultCode;
		this.minorCode = minorCode;
		this.status = status;
		this.message = message;
	}

	String resultCode() {
		return this.resultCode;
	}

	String minorCode() {
		return this.minorCode;
	}

	int status() {
		return this.status;
	}

	String message() {
		return this.message;
	}

	/** The result an error status stands for when nothing more specific is known. */
	static OamResult forStatus(int status) {
		return switch (status) {
			case 401 -> UNAUTHENTICATED;
			case 403 -> ACCESS_DENIED;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 413 -> REQUEST_TOO_LARGE;
			case 429 -> RATE_LIMITED;
			case 500 -> INTERNAL_ERROR;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? MALFORMED_REQUEST : INTERNAL_ERROR;
		};
	}

}
