package dev.passwordreset.audit;

/**
 * What happened. Stored by name, so a constant may be added but never renamed or removed.
 */
public enum AuditEventType {

	/** A request whose credentials were missing, malformed or wrong. */
	AUTHENTICATION_FAILED,

	/** An authenticated caller that was not allowed to do what it asked. */
	ACCESS_DENIED

}
