package dev.passwordreset.security;

/**
 * What a caller can bring into being that then acts on its own: a credential, an account
 * or a delegation. {@link MintingRule} says who may make each.
 */
public enum MintTarget {

	/** A permanent access key with its secret; it lives until deleted. */
	PERMANENT_KEY,

	/** A bearer token, plain or temporary (bound to a security token). */
	BEARER_TOKEN,

	/** A temporary access key, its secret and its security token. */
	TEMPORARY_CREDENTIALS,

	/** A member account of the organization. */
	ACCOUNT,

	/** The registration or deregistration of a delegated administrator. */
	DELEGATION

}
