package dev.passwordreset.security;

/**
 * Why a caller was not authenticated. The API faces turn these into their own error codes; the
 * names never say more than the caller may know.
 */
public enum AuthenticationFailure {

	/** No Authorization header, or one of a scheme this service does not take. */
	MISSING_CREDENTIALS,

	/** An Authorization header that cannot be parsed. */
	MALFORMED_CREDENTIALS,

	/** An unknown or inactive access key, or a wrong secret (deliberately not told apart). */
	BAD_CREDENTIALS,

	/** The signature does not match the request. */
	SIGNATURE_MISMATCH,

	/** {@code X-Sdk-Date} is missing, malformed or too far from now: a stale or replayed request. */
	REQUEST_EXPIRED,

	/** {@code X-Sdk-Content-Sha256} names a hash that the body does not have. */
	BODY_MISMATCH,

	/** A bearer token whose {@code exp} has passed. */
	TOKEN_EXPIRED,

	/**
	 * A bearer token that is not ours or not intact: a bad signature, another algorithm or
	 * {@code none}, another issuer, not yet valid, or minted by a key that was since deleted.
	 */
	TOKEN_INVALID,

	/** A temporary key, or a bearer token bound to a security token, without {@code X-Security-Token}. */
	SECURITY_TOKEN_MISSING,

	/** A security token past its expiry. */
	SECURITY_TOKEN_EXPIRED,

	/** A security token that was not issued here or was altered. */
	SECURITY_TOKEN_INVALID,

	/** A security token issued for another key or another bearer token. */
	SECURITY_TOKEN_MISMATCH

}
