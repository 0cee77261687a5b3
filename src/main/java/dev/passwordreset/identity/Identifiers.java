package dev.passwordreset.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * The normal forms identifiers are stored and compared in, so that two spellings a person
 * cannot tell apart never name two different things.
 * <ul>
 * <li>User names follow PRECIS (RFC 8265): stored in the {@code UsernameCasePreserved}
 * form (width mapped, NFC), compared in the {@code UsernameCaseMapped} form (also
 * lower-cased). Code points the profile disallows (spaces, symbols, compatibility forms
 * such as ligatures or the long s, control characters) are refused rather than guessed
 * at.</li>
 * <li>Group names follow the PRECIS Nickname profile (RFC 8266): NFKC, spaces collapsed,
 * compared lower-cased. Group display names use it.</li>
 * <li>Email addresses keep their local part as given (NFC) and are compared under NFKC
 * case folding, with the domain in its IDNA (UTS #46) ASCII form.</li>
 * <li>Names that look alike (Cyrillic {@code а} for Latin {@code a}, dotless {@code ı})
 * are caught by their UTS #39 skeleton, stored as a SHA-256 digest so that it has a fixed
 * length for a unique index.</li>
 * </ul>
 * Passwords are not identifiers: the password package keeps them in NFKC only.
 */
public final class Identifiers {

	/** Longer input is refused before any Unicode work, so that it costs nothing. */
	private static final int MAX_INPUT = 1024;

	private static final String USER_NAME_RULE = "may hold only letters and digits of one writing direction and"
			+ " the characters . _ @ + -; no spaces, symbols, control characters or compatibility forms such as"
			+ " ligatures (RFC 8265)";

	private static final String GROUP_NAME_RULE = "must not hold control characters, unassigned code points or"
			+ " only spaces (RFC 8266)";

	private static final SpoofChecker SPOOF_CHECKER = new SpoofChecker.Builder().build();

	private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

	private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

	private static final IDNA IDNA_NONTRANSITIONAL = IDNA
		.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);

	private Identifiers() {
	}

	/**
	 * The form a user name is stored in: PRECIS {@code UsernameCasePreserved}, so
	 * full-width {@code ａｌｉｃｅ} is stored as {@code alice} and {@code e} with a combining
	 * acute as {@code é}.
	 * @throws IdentityException (invalid attribute) when the profile refuses the name
	 */
	public static String userName(String userName) {
		return enforceUserName(userName, false);
	}

	/**
	 * The form user names are compared in: PRECIS {@code UsernameCaseMapped}.
	 * @throws IdentityException (invalid attribute) when the profile refuses the name
	 */
	public static String userNameKey(String userName) {
		return enforceUserName(userName, true);
	}

	/**
	 * The key a presented user name (at sign-in, in a lookup) is looked up by; empty when
	 * the profile refuses it, for such a name can belong to no user created under the
	 * profile.
	 */
	public static Optional<String> userNameLookupKey(String userName) {
		try {
			return Optional.of(userNameKey(userName));
		}
		catch (IdentityException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The form a group name is stored in: PRECIS Nickname (RFC 8266), so spaces are
	 * trimmed and collapsed and compatibility forms become their plain letters.
	 * @throws IdentityException (invalid attribute) when the profile refuses the name
	 */
	public static String groupName(String groupName) {
		return enforce("group name", groupName, GROUP_NAME_RULE, () -> PrecisProfiles.NICKNAME.enforce(groupName));
	}

	/**
	 * The form group names are compared in: the Nickname profile's comparison form
	 * (lower-cased).
	 * @throws IdentityException (invalid attribute) when the profile refuses the name
	 */
	public static String groupNameKey(String groupName) {
		return enforce("group name", groupName, GROUP_NAME_RULE,
				() -> PrecisProfiles.NICKNAME.toComparableString(groupName));
	}

	/**
	 * A digest of the UTS #39 skeleton of a comparison key: two keys with the same digest
	 * look alike ({@code alice}, {@code аlice} with a Cyrillic a, {@code alıce} with a
	 * dotless i).
	 */
	public static String skeletonDigest(String key) {
		return sha256(SPOOF_CHECKER.getSkeleton(key));
	}

	/**
	 * A digest of {@link #emailKey}: fixed in length for an index, however far NFKC
	 * expands the address, and one copy of the address fewer in the database.
	 */
	public static String emailKeyDigest(String email) {
		return sha256(emailKey(email));
	}

	/**
	 * The form an email address is stored in: the local part as given (in NFC), the
	 * domain mapped by UTS #46, so lower-cased and width-mapped
	 * ({@code Alice@ＥＸＡＭＰＬＥ.com} becomes {@code Alice@example.com}).
	 */
	public static String emailAddress(String email) {
		int at = email.lastIndexOf('@');
		if (at < 0 || email.length() > MAX_INPUT) {
			return email;
		}
		String domain = email.substring(at + 1);
		StringBuilder mapped = new StringBuilder();
		IDNA.Info info = new IDNA.Info();
		IDNA_NONTRANSITIONAL.nameToUnicode(domain, mapped, info);
		// UTS #46 lower-cases and maps width but keeps ß, which case folding would turn
		// into another domain.
		return NFC.normalize(email.substring(0, at)) + "@"
				+ (info.hasErrors() ? domain.toLowerCase(Locale.ROOT) : mapped.toString());
	}

	/**
	 * The form email addresses are compared in: NFKC case folding of the local part, and
	 * the domain in its IDNA ASCII form, so {@code ＡＬＩＣＥ@Bücher.example} and
	 * {@code alice@xn--bcher-kva.example} are one address.
	 */
	public static String emailKey(String email) {
		if (email.length() > MAX_INPUT) {
			return NFKC_CASEFOLD.normalize(email.substring(0, MAX_INPUT));
		}
		int at = email.lastIndexOf('@');
		if (at < 0) {
			return NFKC_CASEFOLD.normalize(email);
		}
		return NFKC_CASEFOLD.normalize(email.substring(0, at)) + "@" + domainKey(email.substring(at + 1));
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	private static String domainKey(String domain) {
		StringBuilder ascii = new StringBuilder();
		IDNA.Info info = new IDNA.Info();
		IDNA_NONTRANSITIONAL.nameToASCII(domain, ascii, info);
		// A domain IDNA refuses cannot receive mail; its folded form still compares
		// consistently.
		return info.hasErrors() ? NFKC_CASEFOLD.normalize(domain) : ascii.toString();
	}

	private static String enforceUserName(String userName, boolean caseMapped) {
		return enforce("user_name", userName, USER_NAME_RULE,
				() -> (caseMapped ? PrecisProfiles.USERNAME_CASE_MAPPED : PrecisProfiles.USERNAME_CASE_PRESERVED)
					.enforce(userName));
	}

	private static String enforce(String attribute, String value, String rule, Enforcement enforcement) {
		if (value == null || value.isEmpty() || value.length() > MAX_INPUT) {
			throw IdentityException.invalid(attribute, "must be 1 to 128 characters");
		}
		// The library trims with String.trim(), which would silently drop a leading or
		// trailing control.
		if (value.codePoints().anyMatch(Character::isISOControl)) {
			throw IdentityException.invalid(attribute, rule);
		}
		try {
			return enforcement.apply();
		}
		catch (IllegalArgumentException ex) {
			// The library's message quotes the code point; ours says which rule, and
			// nothing of the input.
			throw IdentityException.invalid(attribute, rule);
		}
	}

	@FunctionalInterface
	private interface Enforcement {

		String apply();

	}

}
