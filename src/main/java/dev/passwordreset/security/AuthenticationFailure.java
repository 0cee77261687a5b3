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
	BODY_MISMATCH

}
