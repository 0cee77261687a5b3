package dev.passwordreset.reset;

/**
 * A refused sign-in. It never says why: an unknown user, a wrong or expired password, a
 * disabled or locked user all look the same to the caller, so the answer cannot be used
 * to probe.
 */
public class SignInFailedException extends RuntimeException {

	SignInFailedException() {
		super("The user name or password is incorrect, or the user cannot sign in now");
	}

}
