package dev.passwordreset.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Paging markers are opaque to callers: the base64url form of the last key of a page.
 * Anything that does not decode is refused rather than silently restarting the listing.
 */
final class Markers {

	private Markers() {
	}

	static String encode(String key) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
	}

	static String decode(String marker) {
		try {
			String key = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
			if (key.isEmpty() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
				throw invalid();
			}
			return key;
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** A marker whose key is an id, as membership listings page by id. */
	static UUID decodeId(String marker) {
		try {
			return UUID.fromString(decode(marker));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/**
	 * A marker of a directory listing: the last user's id and name, since a directory's
	 * names need not be unique in our comparison form.
	 */
	static String encodeDirectoryPosition(UUID id, String userName) {
		return encode(id + ":" + userName);
	}

	static DirectoryPosition decodeDirectoryPosition(String marker) {
		try {
			String position = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
			int colon = position.indexOf(':');
			if (colon < 0 || colon == position.length() - 1 || position.chars().anyMatch(Character::isISOControl)) {
				throw invalid();
			}
			return new DirectoryPosition(UUID.fromString(position.substring(0, colon)), position.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** Where a directory listing goes on: after this user. */
	record DirectoryPosition(UUID id, String userName) {
	}

	private static IdentityException invalid() {
		return IdentityException.invalid("marker", "is not a marker returned by this API");
	}

}
