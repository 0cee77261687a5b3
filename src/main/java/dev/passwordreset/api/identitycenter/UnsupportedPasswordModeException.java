package dev.passwordreset.api.identitycenter;

/**
 * The EMAIL mode needs the mail outbox and the reset-link landing page, which this service does
 * not have yet; refusing is better than answering 200 for a mail that never comes.
 */
class UnsupportedPasswordModeException extends RuntimeException {

	UnsupportedPasswordModeException(String what) {
		super(what + " is not available yet; use OTP");
	}

}
