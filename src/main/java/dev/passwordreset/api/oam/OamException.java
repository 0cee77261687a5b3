package dev.passwordreset.api.oam;

/**
 * A refusal of the face's own: the result to answer and a detail for the caller, written
 * by this face, that never holds a secret or the input it refuses. The handler answers
 * with {@link #detail()}; the exception's message is the result's code, for logs.
 */
class OamException extends RuntimeException {

	private final OamResult result;

	private final String detail;

	OamException(OamResult result, String detail) {
		super(result.minorCode(), null, false, false);
		this.result = result;
		this.detail = detail;
	}

	static OamException malformed(String detail) {
		return new OamException(OamResult.MALFORMED_REQUEST, detail);
	}

	OamResult result() {
		return this.result;
	}

	/** What was wrong, in the face's own words. */
	String detail() {
		return this.detail;
	}

}
