package dev.passwordreset.audit;

/**
 * A query the log cannot answer, such as a marker it did not issue: the parameter, in the
 * reader's terms, and what it must be. Neither repeats the value; faces build their texts
 * from these, not from {@link #getMessage()}.
 */
public class InvalidAuditQueryException extends RuntimeException {

	private final String parameter;

	private final String rule;

	public InvalidAuditQueryException(String parameter, String rule) {
		super(parameter + " " + rule);
		this.parameter = parameter;
		this.rule = rule;
	}

	/** The query parameter at fault. */
	public String parameter() {
		return this.parameter;
	}

	/** What the parameter must be. */
	public String rule() {
		return this.rule;
	}

}
