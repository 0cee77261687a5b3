package dev.passwordreset.security;

/**
 * How a caller proved who it is.
 */
public enum CredentialKind {

	/** A permanent access key, by HTTP Basic or an SDK-HMAC-SHA256 signature. */
	PERMANENT_KEY,

	/** A temporary access key with its {@code X-Security-Token}. */
	TEMPORARY_KEY,

	/** A bearer token minted here. */
	BEARER_TOKEN,

	/** A bearer token from a trusted external issuer. */
	EXTERNAL_TOKEN

}
