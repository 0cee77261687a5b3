package dev.passwordreset.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.ldap.DirectoryUser;
import dev.passwordreset.ldap.LdapDirectories;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * DescribeUser, ListUsers and GetUserId for an LDAP store: read from the directory
 * through the store's attribute mapping every time, never from the anchor rows, which
 * hold none of a user's attributes. The user's id is the directory's stable identifier,
 * as everywhere else. Called outside any transaction, so that no database connection
 * waits on the directory.
 */
@Component
class DirectoryUsers {

	/**
	 * Who created and last changed a directory user, as {@code created_by} and
	 * {@code updated_by} show it: the directory, not an account of this service, as on
	 * the anchor rows.
	 */
	static final String DIRECTORY = "directory";

	private final LdapDirectories directories;

	DirectoryUsers(LdapDirectories directories) {
		this.directories = directories;
	}

	UserInfo get(IdentityStore store, UUID userId) {
		return this.directories.describe(store.name(), userId)
			.map((user) -> toInfo(store, user))
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
	}

	/**
	 * A page in the order of user names compared without regard to case; the marker holds
	 * the last user's id and name, so a page goes on after it even when that user was
	 * renamed or deleted meanwhile.
	 */
	UserPage list(IdentityStore store, int limit, @Nullable String marker, @Nullable String userName) {
		if (userName != null) {
			List<UserInfo> match = this.directories.findByUserName(store.name(), userName)
				.flatMap((user) -> this.directories.describe(store.name(), user.id()))
				.map((user) -> toInfo(store, user))
				.stream()
				.toList();
			return new UserPage(match, null);
		}
		Markers.DirectoryPosition after = (marker != null) ? Markers.decodeDirectoryPosition(marker) : null;
		List<DirectoryUser> page = this.directories.listUsers(store.name(), (after != null) ? after.userName() : null,
				(after != null) ? after.id() : null, limit + 1);
		boolean more = page.size() > limit;
		List<DirectoryUser> shown = page.subList(0, Math.min(limit, page.size()));
		DirectoryUser last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
		String next = (more && last != null) ? Markers.encodeDirectoryPosition(last.id(), last.userName()) : null;
		return new UserPage(shown.stream().map((user) -> toInfo(store, user)).toList(), next);
	}

	UUID idOf(IdentityStore store, String userName) {
		return this.directories.findByUserName(store.name(), userName)
			.map(DirectoryUser::id)
			.orElseThrow(() -> IdentityException.notFoundBy(IdentityError.USER_NOT_FOUND, "user_name"));
	}

	/**
	 * A directory user as DescribeUser shows it. The directory holds the password and
	 * decides whether it must be changed, so the user shows with a password and no change
	 * required; enabled is what the directory holds (see
	 * {@link DirectoryUser#enabled()}).
	 */
	static UserInfo toInfo(IdentityStore store, DirectoryUser user) {
		Instant created = (user.createdAt() != null) ? user.createdAt() : Instant.EPOCH;
		Instant updated = (user.updatedAt() != null) ? user.updatedAt() : created;
		return new UserInfo(user.id(), store.id(), attributes(user), user.enabled(), true, false, null, created,
				DIRECTORY, updated, DIRECTORY);
	}

	/**
	 * A directory user's attributes through the store's mapping, as every read of one
	 * shows them: the first email and phone number are the primary ones.
	 */
	static UserAttributes attributes(DirectoryUser user) {
		List<EmailAddress> emails = new ArrayList<>();
		for (int i = 0; i < user.emails().size(); i++) {
			emails.add(new EmailAddress(user.emails().get(i), null, i == 0, false));
		}
		List<PhoneNumber> phones = new ArrayList<>();
		for (int i = 0; i < user.phoneNumbers().size(); i++) {
			phones.add(new PhoneNumber(user.phoneNumbers().get(i), null, i == 0));
		}
		return UserAttributes.builder(user.userName())
			.displayName(user.displayName())
			.name(new PersonName(user.familyName(), user.givenName(), null, null, null, null))
			.emails(emails)
			.phoneNumbers(phones)
			.locale(user.locale())
			.distinguishedName(user.dn())
			.build();
	}

}
