package dev.passwordreset.reset;

/**
 * A reset link that cannot be used. Unknown, malformed, expired, used and invalidated
 * tokens all raise this one exception with this one message, so the answer tells a
 * guesser nothing.
 */
public class InvalidResetTokenException extends RuntimeException {

	InvalidResetTokenException() {
		super("the reset link is invalid or has expired");
	}

}
