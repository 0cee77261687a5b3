package dev.passwordreset.api.identitycenter;

/**
 * Every {@code error_code} the {@code /v1} face answers with, and its status: Huawei's
 * {@code IIC.} codes of the identity center, the {@code APIGW.} codes its API gateway
 * answers before the service sees a request, and our own {@code IIC.401x} for the cases
 * Huawei has no code for. No other class spells a code.
 */
enum IdentityCenterCode {

	BAD_REQUEST("IIC.400", 400),

	/**
	 * Huawei's API gateway answers bad credentials with this code, before the service
	 * sees them.
	 */
	BAD_CREDENTIALS("APIGW.0301", 401),

	/** Huawei's gateway code for a token that must be renewed. */
	TOKEN_EXPIRED("APIGW.0307", 401),

	/**
	 * A user's failed sign-in, not the caller's: the caller is authenticated, so not
	 * APIGW.
	 */
	SIGN_IN_FAILED("IIC.4010", 401),

	SECURITY_TOKEN_MISSING("IIC.4011", 401),

	SECURITY_TOKEN_EXPIRED("IIC.4012", 401),

	SECURITY_TOKEN_INVALID("IIC.4013", 401),

	SECURITY_TOKEN_MISMATCH("IIC.4014", 401),

	/**
	 * A permission denial of the action table, with its encoded authorization message.
	 */
	NO_PERMISSION("IIC.1000", 403),

	ACCESS_DENIED("IIC.1001", 403),

	NOT_FOUND("IIC.404", 404),

	METHOD_NOT_ALLOWED("IIC.405", 405),

	NOT_ACCEPTABLE("IIC.406", 406),

	CONCURRENCY_CONFLICT("IIC.1006", 409),

	MODIFICATION_FAILED("IIC.1007", 409),

	DUPLICATE("IIC.1257", 409),

	REQUEST_TOO_LARGE("IIC.413", 413),

	UNSUPPORTED_MEDIA_TYPE("IIC.415", 415),

	/** Huawei's API gateway code for a request over a throttling limit. */
	THROTTLED("APIGW.0308", 429),

	INTERNAL_ERROR("IIC.500", 500),

	SERVICE_UNAVAILABLE("IIC.503", 503);

	private final String code;

	private final int status;

	IdentityCenterCode(String code, int status) {
		this.code = code;
		this.status = status;
	}

	String code() {
		return this.code;
	}

	int status() {
		return this.status;
	}

	/**
	 * The code an error status stands for when nothing more specific is known; a status
	 * no constant covers (a 408 from the container, say) gets {@code IIC.} and its
	 * number, as Huawei's own generic codes read.
	 */
	static String codeFor(int status) {
		return switch (status) {
			case 400 -> BAD_REQUEST.code;
			case 401 -> BAD_CREDENTIALS.code;
			case 403 -> ACCESS_DENIED.code;
			case 404 -> NOT_FOUND.code;
			case 405 -> METHOD_NOT_ALLOWED.code;
			case 406 -> NOT_ACCEPTABLE.code;
			case 409 -> MODIFICATION_FAILED.code;
			case 413 -> REQUEST_TOO_LARGE.code;
			case 415 -> UNSUPPORTED_MEDIA_TYPE.code;
			case 500 -> INTERNAL_ERROR.code;
			case 503 -> SERVICE_UNAVAILABLE.code;
			default -> "IIC." + status;
		};
	}

}
