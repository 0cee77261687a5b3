package dev.passwordreset.security;

import org.jspecify.annotations.Nullable;

/**
 * Refusal of an access-key operation: a reason, {@link #error()}, and the facts a face
 * needs to explain it (an attribute's name and the rule it breaks, a limit). Never a
 * secret, and never the refused value; {@link #getMessage()} is for logs only.
 */
public class AccessKeyException extends RuntimeException {

	private final AccessKeyError error;

	private final @Nullable String attribute;

	private final @Nullable String rule;

	private final @Nullable Integer limit;

	private AccessKeyException(AccessKeyError error, @Nullable String attribute, @Nullable String rule,
			@Nullable Integer limit) {
		super(error.name(), null, false, false);
		this.error = error;
		this.attribute = attribute;
		this.rule = rule;
		this.limit = limit;
	}

	public static AccessKeyException of(AccessKeyError error) {
		return new AccessKeyException(error, null, null, null);
	}

	/** A value of the wrong form, named by its attribute, with the form it must have. */
	public static AccessKeyException invalidFormat(String attribute, String rule) {
		return new AccessKeyException(AccessKeyError.INVALID_FORMAT, attribute, rule, null);
	}

	/** The account holds as many keys as it may. */
	public static AccessKeyException quotaExceeded(int limit) {
		return new AccessKeyException(AccessKeyError.QUOTA_EXCEEDED, null, null, limit);
	}

	public AccessKeyError error() {
		return this.error;
	}

	/** The attribute whose value has the wrong form, as the API names it. */
	public @Nullable String attribute() {
		return this.attribute;
	}

	/** The form the value must have, never quoting it. */
	public @Nullable String rule() {
		return this.rule;
	}

	/** How many keys an account may hold. */
	public @Nullable Integer limit() {
		return this.limit;
	}

}
