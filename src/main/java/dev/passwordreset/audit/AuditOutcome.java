package dev.passwordreset.audit;

/**
 * How an audited step ended. Stored by name, so a constant may be added but never renamed
 * or removed.
 */
public enum AuditOutcome {

	SUCCESS,

	/** The caller's input was wrong: bad credentials, an expired or used code. */
	FAILURE,

	/** The caller was known, but not allowed. */
	DENIED

}
