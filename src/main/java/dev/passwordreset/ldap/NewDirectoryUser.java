package dev.passwordreset.ldap;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A user's attributes as they are written to a writable store's entry, through its
 * attribute mapping; an absent or empty value is not written.
 *
 * @param emails the mail attribute's values, the primary one first
 * @param phoneNumbers the phone attribute's values, the primary one first
 */
public record NewDirectoryUser(String userName, @Nullable String displayName, @Nullable String givenName,
		@Nullable String familyName, List<String> emails, List<String> phoneNumbers, @Nullable String locale) {

	public NewDirectoryUser {
		emails = List.copyOf(emails);
		phoneNumbers = List.copyOf(phoneNumbers);
	}

}
