package dev.passwordreset.audit;

/**
 * A query the log cannot answer, such as a marker it did not issue. The message names
 * what is wrong in the reader's terms and never repeats the value.
 */
public class InvalidAuditQueryException extends RuntimeException {

	public InvalidAuditQueryException(String message) {
		super(message);
	}

}
