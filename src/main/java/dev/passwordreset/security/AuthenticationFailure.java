package dev.passwordreset.security;

/**
 * Why a caller was not authenticated. The API faces turn these into their own error
 * codes; the names never say more than the caller may know.
 */
public enum AuthenticationFailure {

	/** No Authorization header, or one of a scheme this service does not take. */
	MISSING_CREDENTIALS,

	/** An Authorization header that cannot be parsed. */
	MALFORMED_CREDENTIALS,

	/**
	 * An unknown or inactive access key, or a wrong secret (deliberately not told apart).
	 */
	BAD_CREDENTIALS,

	/** The signature does not match the request. */
	SIGNATURE_MISMATCH,

	/**
	 * {@code X-Sdk-Date} is missing, malformed or too far from now: a stale or replayed
	 * request.
	 */
	REQUEST_EXPIRED,

	/** {@code X-Sdk-Content-Sha256} names a hash that the body does not have. */
	BODY_MISMATCH,

	/** A bearer token whose {@code exp} has passed. */
	TOKEN_EXPIRED,

	/**
	 * A bearer token that is not ours or not intact: a bad signature, another algorithm
	 * or {@code none}, another issuer, not yet valid, or minted by a key that was since
	 * deleted.
	 */
	TOKEN_INVALID,

	/**
	 * A temporary key, or a bearer token bound to a security token, without
	 * {@code X-Security-Token}.
	 */
	SECURITY_TOKEN_MISSING,

	/** A security token past its expiry. */
	SECURITY_TOKEN_EXPIRED,

	/** A security token that was not issued here or was altered. */
	SECURITY_TOKEN_INVALID,

	/** A security token issued for another key or another bearer token. */
	SECURITY_TOKEN_MISMATCH,

	/**
	 * Too many failed authentications from the client address or for the access key id in
	 * a window: a further failure is answered 429 rather than 401.
	 */
	THROTTLED;

	/**
	 * What the caller is told, and the audit records; deliberately no more than which of
	 * its own inputs was wrong.
	 */
	public String description() {
		return switch (this) {
			case MISSING_CREDENTIALS -> "no credentials were presented";
			case MALFORMED_CREDENTIALS -> "the Authorization header is malformed";
			case BAD_CREDENTIALS -> "the access key is unknown or inactive, or the secret is wrong";
			case SIGNATURE_MISMATCH -> "the request signature does not match";
			case REQUEST_EXPIRED -> "X-Sdk-Date is missing, malformed or more than the allowed skew from now";
			case BODY_MISMATCH -> "the body does not match X-Sdk-Content-Sha256";
			case TOKEN_EXPIRED -> "the token has expired and must be renewed";
			case TOKEN_INVALID -> "the bearer token is not valid here";
			case SECURITY_TOKEN_MISSING -> "X-Security-Token is required with temporary credentials";
			case SECURITY_TOKEN_EXPIRED -> "the security token has expired";
			case SECURITY_TOKEN_INVALID -> "the security token was not issued here, was altered or was revoked";
			case SECURITY_TOKEN_MISMATCH -> "the security token does not belong to these credentials";
			case THROTTLED ->
				"too many failed authentications from this client address or for this access key; " + "try again later";
		};
	}

}
