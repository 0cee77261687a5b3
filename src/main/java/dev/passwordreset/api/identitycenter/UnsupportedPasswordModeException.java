package dev.passwordreset.api.identitycenter;

/**
 * CreateUser with {@code password_mode} needs the reset core (one-time passwords and reset
 * links), which this service does not have yet; refusing is better than creating a user whose
 * promised password never comes.
 */
class UnsupportedPasswordModeException extends RuntimeException {

	UnsupportedPasswordModeException() {
		super("password_mode is not supported yet; create the user without it");
	}

}
