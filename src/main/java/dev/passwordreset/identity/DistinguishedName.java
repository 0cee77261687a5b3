package dev.passwordreset.identity;

import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

/**
 * An RFC 4514 distinguished name, compared as LDAP compares them: attribute types and values
 * without regard to case, spaces around separators ignored, escapes decoded, so
 * {@code CN=Smith\, John, OU=Users} and {@code cn=smith\2C john,ou=users} are the same entry.
 */
public final class DistinguishedName {

	/** The longest DN a user may have stored; longer input cannot match one. */
	public static final int MAX_LENGTH = 1024;

	private final LdapName name;

	private DistinguishedName(LdapName name) {
		this.name = name;
	}

	/** The DN in {@code text}, if it is a non-empty RFC 4514 distinguished name. */
	public static Optional<DistinguishedName> parse(String text) {
		if (text.isEmpty() || text.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		try {
			LdapName name = new LdapName(text);
			return name.isEmpty() ? Optional.empty() : Optional.of(new DistinguishedName(name));
		}
		catch (InvalidNameException | IllegalArgumentException | IndexOutOfBoundsException ex) {
			return Optional.empty();
		}
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
