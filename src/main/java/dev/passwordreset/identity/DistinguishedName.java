package dev.passwordreset.identity;

import java.util.Collections;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;

/**
 * An RFC 4514 distinguished name, compared as LDAP compares them: attribute types and
 * values without regard to case, spaces around separators ignored, escapes decoded, so
 * {@code CN=Smith\, John, OU=Users} and {@code cn=smith\2C john,ou=users} are the same
 * entry.
 */
public final class DistinguishedName {

	/** The longest DN a user may have stored; longer input cannot match one. */
	public static final int MAX_LENGTH = 1024;

	private final LdapName name;

	private DistinguishedName(LdapName name) {
		this.name = name;
	}

	/**
	 * The DN in {@code text}, if it is a non-empty RFC 4514 distinguished name free of
	 * control characters (C0, DEL, C1), whether written out or escaped ({@code \\00}): no
	 * stored DN holds one, and a log or directory downstream should never meet one.
	 */
	public static Optional<DistinguishedName> parse(String text) {
		if (text.isEmpty() || text.length() > MAX_LENGTH || hasControlCharacter(text)) {
			return Optional.empty();
		}
		try {
			LdapName name = new LdapName(text);
			boolean escapedControl = name.getRdns()
				.stream()
				.flatMap((rdn) -> Collections.list(rdn.toAttributes().getAll()).stream())
				.anyMatch(DistinguishedName::holdsControlCharacter);
			return (name.isEmpty() || escapedControl) ? Optional.empty() : Optional.of(new DistinguishedName(name));
		}
		catch (InvalidNameException | IllegalArgumentException | IndexOutOfBoundsException ex) {
			return Optional.empty();
		}
	}

	private static boolean holdsControlCharacter(Attribute attribute) {
		try {
			for (Object value : Collections.list(attribute.getAll())) {
				// A value written as #hex is BER bytes, not text, and compares as bytes.
				if (value instanceof String text && hasControlCharacter(text)) {
					return true;
				}
			}
			return false;
		}
		catch (NamingException ex) {
			return true;
		}
	}

	private static boolean hasControlCharacter(String text) {
		return text.codePoints().anyMatch(Character::isISOControl);
	}

	/** Whether {@code text} names the same entry; false when it is no DN at all. */
	public boolean sameAs(String text) {
		return parse(text).map((other) -> other.equals(this)).orElse(false);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DistinguishedName dn && this.name.equals(dn.name);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode();
	}

	@Override
	public String toString() {
		return this.name.toString();
	}

}
