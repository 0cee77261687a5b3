package dev.passwordreset.ldap;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user as the directory holds it, read through the store's attribute mapping.
 *
 * @param id the directory's stable identifier ({@code entryUUID}, {@code objectGUID}),
 * which survives a rename
 * @param dn the entry's distinguished name, as the directory wrote it
 * @param emails every value of the mail attribute, the first being the primary one
 * @param phoneNumbers every value of the phone attribute, the first being the primary one
 * @param enabled whether the directory lets the account sign in, as this service disables
 * it: false while OpenLDAP's ppolicy holds it locked for good
 * ({@code pwdAccountLockedTime} of {@code 000001010000Z}), or Active Directory's
 * {@code userAccountControl} has its ACCOUNTDISABLE bit; a lockout after failed binds,
 * which lapses, is not a disabled account
 * @param createdAt the entry's {@code createTimestamp}, when it was read (listings and
 * DescribeUser read it; a lookup for a reset does not)
 * @param updatedAt the entry's {@code modifyTimestamp}, likewise
 */
public record DirectoryUser(UUID id, String dn, String userName, @Nullable String displayName,
		@Nullable String givenName, @Nullable String familyName, List<String> emails, List<String> phoneNumbers,
		@Nullable String locale, boolean enabled, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

	public DirectoryUser {
		emails = List.copyOf(emails);
		phoneNumbers = List.copyOf(phoneNumbers);
	}

}
