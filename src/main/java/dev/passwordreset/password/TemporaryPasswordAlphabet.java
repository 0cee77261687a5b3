package dev.passwordreset.password;

import org.passay.data.CharacterData;

/**
 * The characters of generated temporary passwords: ASCII that reads unambiguously when
 * copied by hand (no {@code I l 1 O 0}) and needs no quoting in JSON, shells or mail (no
 * quotes, backslash, backtick or space). 71 characters, about 6.1 bits each.
 */
enum TemporaryPasswordAlphabet implements CharacterData {

	UPPERCASE("INSUFFICIENT_UPPERCASE", "ABCDEFGHJKLMNPQRSTUVWXYZ"),

	LOWERCASE("INSUFFICIENT_LOWERCASE", "abcdefghijkmnopqrstuvwxyz"),

	DIGIT("INSUFFICIENT_DIGIT", "23456789"),

	SYMBOL("INSUFFICIENT_SPECIAL", "!#$%&*+-=?@^_~");

	private final String errorCode;

	private final String characters;

	TemporaryPasswordAlphabet(String errorCode, String characters) {
		this.errorCode = errorCode;
		this.characters = characters;
	}

	@Override
	public String getErrorCode() {
		return this.errorCode;
	}

	@Override
	public String getCharacters() {
		return this.characters;
	}

}
