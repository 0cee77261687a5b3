package dev.passwordreset.password;

/**
 * A password policy setting outside its allowed range. The message names the setting.
 */
public class PasswordPolicyException extends RuntimeException {

	public PasswordPolicyException(String message) {
		super(message);
	}

}
