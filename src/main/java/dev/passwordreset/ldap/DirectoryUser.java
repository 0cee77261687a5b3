package dev.passwordreset.ldap;

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
 */
public record DirectoryUser(UUID id, String dn, String userName, @Nullable String displayName,
		@Nullable String givenName, @Nullable String familyName, List<String> emails, List<String> phoneNumbers,
		@Nullable String locale) {

	public DirectoryUser {
		emails = List.copyOf(emails);
		phoneNumbers = List.copyOf(phoneNumbers);
	}

}
