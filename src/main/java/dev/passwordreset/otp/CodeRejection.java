package dev.passwordreset.otp;

/**
 * Why a one-time code was not accepted. Each API face maps these to its own codes.
 */
public enum CodeRejection {

	/**
	 * Wrong, unknown, or bound to another user, application or session, or replaced by a
	 * newer code: nothing here tells a guesser which.
	 */
	INVALID,

	/** The code's lifetime is over. */
	EXPIRED,

	/** The code was already used: validated once, or spent on a reset. */
	USED,

	/** Too many wrong guesses: the code is dead, even for the right code. */
	ATTEMPTS_EXCEEDED

}
