package dev.passwordreset.security;

/**
 * How a caller proved who it is.
 */
public enum CredentialKind {

	/** A permanent access key, by HTTP Basic or an SDK-HMAC-SHA256 signature. */
	PERMANENT_KEY,

	/** A temporary access key with its {@code X-Security-Token}. */
	TEMPORARY_KEY,

	/** A bearer token minted here with a permanent key. */
	BEARER_TOKEN,

	/**
	 * A bearer token minted here that is bound to an {@code X-Security-Token}: temporary,
	 * like temporary credentials, and like them it mints nothing.
	 */
	TEMPORARY_BEARER_TOKEN,

	/** A bearer token from a trusted external issuer. */
	EXTERNAL_TOKEN

}
