package dev.passwordreset.api.oam;

/**
 * A refusal of the face's own, with the result to answer and a message for the caller
 * that never holds a secret or the input it refuses.
 */
class OamException extends RuntimeException {

	private final OamResult result;

	OamException(OamResult result, String message) {
		super(message);
		this.result = result;
	}

	static OamException malformed(String message) {
		return new OamException(OamResult.MALFORMED_REQUEST, message);
	}

	OamResult result() {
		return this.result;
	}

}
