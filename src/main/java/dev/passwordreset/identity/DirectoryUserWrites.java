package dev.passwordreset.identity;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.ldap.DirectoryEntryRefusedException;
import dev.passwordreset.ldap.DirectoryUser;
import dev.passwordreset.ldap.LdapDirectories;
import dev.passwordreset.ldap.NewDirectoryUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CreateUser, UpdateUser and DeleteUser for an LDAP store whose directory is configured
 * writable ({@code reset.ldap.stores.<name>.writable}): the entry is added or deleted in
 * the directory through the store's attribute mapping. Each answers empty when the store
 * is not such a store, and the caller goes on to {@link UserService}, which manages the
 * internal stores' users and refuses a read-only LDAP store.
 * <p>
 * The store is read in one short transaction and the rows keyed to a deleted user are
 * removed in another; no database connection is held while the directory answers.
 */
@Service
public class DirectoryUserWrites {

	private final UserLookup lookup;

	private final LdapDirectories directories;

	private final UserRepository users;

	private final GroupMembershipRepository memberships;

	private final TransactionTemplate readOnly;

	private final TransactionTemplate write;

	private final IdentityAudit audit;

	private final DirectoryUserNameClaims claims;

	DirectoryUserWrites(UserLookup lookup, LdapDirectories directories, UserRepository users,
			GroupMembershipRepository memberships, PlatformTransactionManager transactionManager, IdentityAudit audit,
			DirectoryUserNameClaims claims) {
		this.audit = audit;
		this.claims = claims;
		this.lookup = lookup;
		this.directories = directories;
		this.users = users;
		this.memberships = memberships;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.write = new TransactionTemplate(transactionManager);
	}

	private Optional<UserInfo> doCreate(String identityStoreId, UserAttributes attributes) {
		Optional<IdentityStore> store = writableStore(identityStoreId);
		if (store.isEmpty()) {
			return Optional.empty();
		}
		String name = store.get().name();
		UserAttributes normalized = UserAttributeRules.normalize(attributes, null);
		UserAttributeRules.check(normalized);
		// The directory has no unique index on the user name: of concurrent creations
		// of one name the claim lets one through, until the directory has answered.
		UUID claim = this.claims.claim(identityStoreId, normalized.userName(),
				this.directories.longestUserCreation(name));
		DirectoryUser added;
		try {
			if (this.directories.findByUserName(name, normalized.userName()).isPresent()) {
				throw IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
						IdentityException.Clash.SAME);
			}
			added = this.directories.addUser(name, toEntry(normalized));
		}
		catch (DirectoryEntryRefusedException ex) {
			throw refused(identityStoreId, ex);
		}
		finally {
			this.claims.release(identityStoreId, normalized.userName(), claim);
		}
		return Optional.of(DirectoryUsers.toInfo(store.get(), added));
	}

	private Optional<UserInfo> doUpdate(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change) {
		Optional<IdentityStore> store = writableStore(identityStoreId);
		if (store.isEmpty()) {
			return Optional.empty();
		}
		String name = store.get().name();
		DirectoryUser user = this.directories.findById(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
		UserAttributes before = DirectoryUsers.attributes(user);
		UserAttributes after = UserAttributeRules.normalize(change.apply(before), before.userName());
		UserAttributeRules.check(after);
		if (!after.userName().equals(before.userName())) {
			throw IdentityException.invalid("user_name", "a directory user is renamed in the directory");
		}
		try {
			this.directories.modifyUser(name, user, toEntry(after));
		}
		catch (DirectoryEntryRefusedException ex) {
			throw refused(identityStoreId, ex);
		}
		return Optional.of(this.directories.describe(name, userId)
			.map((changed) -> DirectoryUsers.toInfo(store.get(), changed))
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId)));
	}

	private boolean doDelete(String identityStoreId, UUID userId) {
		Optional<IdentityStore> store = writableStore(identityStoreId);
		if (store.isEmpty()) {
			return false;
		}
		String name = store.get().name();
		DirectoryUser user = this.directories.findById(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
		try {
			this.directories.deleteUser(name, user);
		}
		catch (DirectoryEntryRefusedException ex) {
			throw refused(identityStoreId, ex);
		}
		this.write.executeWithoutResult((status) -> {
			this.memberships.deleteByUserId(userId);
			this.users.findByIdAndIdentityStoreId(userId, identityStoreId)
				.filter(DirectoryAnchors::isAnchor)
				.ifPresent(this.users::delete);
		});
		return true;
	}

	private Optional<UserInfo> doSetEnabled(String identityStoreId, UUID userId, boolean enabled) {
		Optional<IdentityStore> store = writableStore(identityStoreId);
		if (store.isEmpty()) {
			return Optional.empty();
		}
		String name = store.get().name();
		DirectoryUser user = this.directories.findById(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
		try {
			this.directories.setEnabled(name, user, enabled);
		}
		catch (DirectoryEntryRefusedException ex) {
			throw (ex.reason() == DirectoryEntryRefusedException.Reason.SCHEMA)
					? IdentityException.invalid("the directory's schema refuses the account's status: "
							+ "disabling takes the password policy overlay's pwdAccountLockedTime, "
							+ "or Active Directory's userAccountControl in its mode")
					: refused(identityStoreId, ex);
		}
		return Optional.of(DirectoryUsers.toInfo(store.get(), this.directories.describe(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId))));
	}

	/**
	 * EnableUser and DisableUser on a writable store: the account is enabled or disabled
	 * in the directory ({@link LdapDirectories#setEnabled}), where every bind then obeys
	 * it, and audited as {@code USER_ENABLED} or {@code USER_DISABLED}; empty, and
	 * nothing audited, when the store is not one (see {@link UserService#setEnabled},
	 * which refuses a read-only LDAP store).
	 */
	public Optional<UserInfo> setEnabled(String identityStoreId, UUID userId, boolean enabled, AuditActor actor) {
		IdentityAudit.Write write = enabled ? IdentityAudit.Write.ENABLE_USER : IdentityAudit.Write.DISABLE_USER;
		String resource = IdentityAudit.user(identityStoreId, userId);
		Optional<UserInfo> changed = audited(write, actor, resource,
				() -> doSetEnabled(identityStoreId, userId, enabled));
		changed.ifPresent((user) -> this.audit.succeededInDirectory(write, actor, resource));
		return changed;
	}

	/**
	 * Adds the user's entry to a writable store's directory, and audits it; empty, and
	 * nothing audited, when the store is not one (see {@link UserService#create}).
	 * @throws IdentityException {@code DUPLICATE_USER_NAME} when the directory has a user
	 * of that name or an entry of that DN, {@code INVALID_ATTRIBUTE} when its schema
	 * refuses the entry, {@code READ_ONLY_STORE} when the directory does not let the
	 * service write there
	 */
	public Optional<UserInfo> create(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		Optional<UserInfo> created = audited(IdentityAudit.Write.CREATE_USER, actor,
				IdentityAudit.store(identityStoreId) + "/user", () -> doCreate(identityStoreId, attributes));
		created.ifPresent((user) -> this.audit.succeededInDirectory(IdentityAudit.Write.CREATE_USER, actor,
				IdentityAudit.user(identityStoreId, user.userId())));
		return created;
	}

	/**
	 * Applies a change to the mapped attributes of the user's entry in a writable store's
	 * directory, and audits it; empty, and nothing audited, when the store is not one. A
	 * directory user is renamed in the directory, where the entry's name follows the user
	 * name.
	 */
	public Optional<UserInfo> update(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change,
			AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		Optional<UserInfo> updated = audited(IdentityAudit.Write.UPDATE_USER, actor, resource,
				() -> doUpdate(identityStoreId, userId, change));
		updated.ifPresent((user) -> this.audit.succeededInDirectory(IdentityAudit.Write.UPDATE_USER, actor, resource));
		return updated;
	}

	/**
	 * Deletes the user's entry from a writable store's directory, then this service's
	 * rows keyed to it, and audits it; false, and nothing audited, when the store is not
	 * one.
	 */
	public boolean delete(String identityStoreId, UUID userId, AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		boolean deleted = audited(IdentityAudit.Write.DELETE_USER, actor, resource,
				() -> doDelete(identityStoreId, userId));
		if (deleted) {
			this.audit.succeededInDirectory(IdentityAudit.Write.DELETE_USER, actor, resource);
		}
		return deleted;
	}

	/**
	 * A refusal is audited only for a writable store's write: for any other store the
	 * caller goes on to UserService, which audits its own. A store that does not exist is
	 * refused here, so it is audited here.
	 */
	private <T> T audited(IdentityAudit.Write write, AuditActor actor, String resource, Supplier<T> directoryWrite) {
		try {
			return directoryWrite.get();
		}
		catch (RuntimeException ex) {
			this.audit.refused(write, actor, resource, ex);
			throw ex;
		}
	}

	/** The attributes a directory entry holds, through the store's mapping. */
	private static NewDirectoryUser toEntry(UserAttributes attributes) {
		return new NewDirectoryUser(attributes.userName(), attributes.displayName(), attributes.name().givenName(),
				attributes.name().familyName(), attributes.emails().stream().map(EmailAddress::value).toList(),
				attributes.phoneNumbers().stream().map(PhoneNumber::value).toList(), attributes.locale());
	}

	private Optional<IdentityStore> writableStore(String identityStoreId) {
		IdentityStore store = this.readOnly.execute((status) -> this.lookup.store(identityStoreId));
		if (store == null || !store.isLdap() || !this.directories.isWritable(store.name())) {
			return Optional.empty();
		}
		return Optional.of(store);
	}

	private static IdentityException refused(String identityStoreId, DirectoryEntryRefusedException ex) {
		return switch (ex.reason()) {
			case EXISTS ->
				IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name", IdentityException.Clash.SAME);
			case SCHEMA -> IdentityException.invalid("the directory's schema refuses the entry: an attribute its "
					+ "object classes require is missing (person requires name.family_name) or a value is not allowed");
			// The directory's own access control makes the store read-only after all.
			case NOT_ALLOWED -> IdentityException.readOnlyStore(identityStoreId);
			case OUTSIDE_FILTER -> IdentityException.invalid("user_name",
					"gives an entry outside the identity store's user base or user filter, so the store could "
							+ "not find the user (the user name, or the store's entry settings, do not fit them); "
							+ "nothing was added");
		};
	}

}
