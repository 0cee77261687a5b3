package dev.passwordreset.otp;

/**
 * A one-time code that was not accepted; {@link #reason()} says why. The message never
 * holds the code.
 */
public class OneTimePasswordRejectedException extends RuntimeException {

	private final CodeRejection reason;

	public OneTimePasswordRejectedException(CodeRejection reason) {
		super("the one-time code was not accepted: " + reason);
		this.reason = reason;
	}

	public CodeRejection reason() {
		return this.reason;
	}

}
