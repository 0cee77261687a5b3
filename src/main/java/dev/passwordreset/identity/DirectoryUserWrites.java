package dev.passwordreset.identity;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.ldap.DirectoryEntryRefusedException;
import dev.passwordreset.ldap.DirectoryUser;
import dev.passwordreset.ldap.LdapDirectories;
import dev.passwordreset.ldap.NewDirectoryUser;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CreateUser, UpdateUser, DeleteUser, EnableUser and DisableUser for an LDAP store whose
 * directory is configured writable ({@code reset.ldap.stores.<name>.writable}): the entry
 * is added, changed or deleted in the directory through the store's attribute mapping.
 * {@link UserService} reads the store and decides, in the write's transaction, whether it
 * is such a store ({@link #isWritable}); it calls these after that transaction.
 * <p>
 * Called outside any transaction: the rows keyed to a deleted user are removed in a short
 * one of its own, after the directory answered, so that no database connection is held
 * while it does.
 */
@Service
class DirectoryUserWrites {

	private final LdapDirectories directories;

	private final UserRepository users;

	private final GroupMembershipRepository memberships;

	private final TransactionTemplate write;

	private final IdentityAudit audit;

	private final DirectoryUserNameClaims claims;

	DirectoryUserWrites(LdapDirectories directories, UserRepository users, GroupMembershipRepository memberships,
			PlatformTransactionManager transactionManager, IdentityAudit audit, DirectoryUserNameClaims claims) {
		this.audit = audit;
		this.claims = claims;
		this.directories = directories;
		this.users = users;
		this.memberships = memberships;
		this.write = new TransactionTemplate(transactionManager);
	}

	/** Whether the store is an LDAP store whose directory is configured writable. */
	boolean isWritable(IdentityStore store) {
		return store.isLdap() && this.directories.isWritable(store.name());
	}

	private UserInfo doCreate(IdentityStore store, UserAttributes attributes) {
		String name = store.name();
		UserAttributes normalized = UserAttributeRules.normalize(attributes, null);
		UserAttributeRules.check(normalized);
		// The directory has no unique index on the user name: of concurrent creations
		// of one name the claim lets one through, until the directory has answered.
		UUID claim = this.claims.claim(store.id(), normalized.userName(), this.directories.longestUserCreation(name));
		DirectoryUser added;
		try {
			if (this.directories.findByUserName(name, normalized.userName()).isPresent()) {
				throw IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
						IdentityException.Clash.SAME);
			}
			added = this.directories.addUser(name, toEntry(normalized));
		}
		catch (DirectoryEntryRefusedException ex) {
			throw refused(store.id(), null, ex);
		}
		finally {
			this.claims.release(store.id(), normalized.userName(), claim);
		}
		return DirectoryUsers.toInfo(store, added);
	}

	private UserInfo doUpdate(IdentityStore store, UUID userId, UnaryOperator<UserAttributes> change) {
		String name = store.name();
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
			throw refused(store.id(), userId, ex);
		}
		return this.directories.describe(name, userId)
			.map((changed) -> DirectoryUsers.toInfo(store, changed))
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
	}

	private UUID doDelete(IdentityStore store, UUID userId) {
		String name = store.name();
		DirectoryUser user = this.directories.findById(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
		try {
			this.directories.deleteUser(name, user);
		}
		catch (DirectoryEntryRefusedException ex) {
			throw refused(store.id(), null, ex);
		}
		this.write.executeWithoutResult((status) -> {
			this.memberships.deleteByUserId(userId);
			this.users.findByIdAndIdentityStoreId(userId, store.id())
				.filter(DirectoryAnchors::isAnchor)
				.ifPresent(this.users::delete);
		});
		return userId;
	}

	private UserInfo doSetEnabled(IdentityStore store, UUID userId, boolean enabled) {
		String name = store.name();
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
					: refused(store.id(), userId, ex);
		}
		return DirectoryUsers.toInfo(store, this.directories.describe(name, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId)));
	}

	/**
	 * EnableUser and DisableUser on a writable store: the account is enabled or disabled
	 * in the directory ({@link LdapDirectories#setEnabled}), where every bind then obeys
	 * it, and audited as {@code USER_ENABLED} or {@code USER_DISABLED}.
	 */
	UserInfo setEnabled(IdentityStore store, UUID userId, boolean enabled, AuditActor actor) {
		IdentityAudit.Write write = enabled ? IdentityAudit.Write.ENABLE_USER : IdentityAudit.Write.DISABLE_USER;
		String resource = IdentityAudit.user(store.id(), userId);
		UserInfo changed = audited(write, actor, resource, () -> doSetEnabled(store, userId, enabled));
		this.audit.succeededInDirectory(write, actor, resource);
		return changed;
	}

	/**
	 * Adds the user's entry to a writable store's directory, and audits it.
	 * @throws IdentityException {@code DUPLICATE_USER_NAME} when the directory has a user
	 * of that name or an entry of that DN, {@code INVALID_ATTRIBUTE} when its schema
	 * refuses the entry, {@code READ_ONLY_STORE} when the directory does not let the
	 * service write there
	 */
	UserInfo create(IdentityStore store, UserAttributes attributes, AuditActor actor) {
		UserInfo created = audited(IdentityAudit.Write.CREATE_USER, actor, IdentityAudit.store(store.id()) + "/user",
				() -> doCreate(store, attributes));
		this.audit.succeededInDirectory(IdentityAudit.Write.CREATE_USER, actor,
				IdentityAudit.user(store.id(), created.userId()));
		return created;
	}

	/**
	 * Applies a change to the mapped attributes of the user's entry in a writable store's
	 * directory, and audits it. A directory user is renamed in the directory, where the
	 * entry's name follows the user name.
	 */
	UserInfo update(IdentityStore store, UUID userId, UnaryOperator<UserAttributes> change, AuditActor actor) {
		String resource = IdentityAudit.user(store.id(), userId);
		UserInfo updated = audited(IdentityAudit.Write.UPDATE_USER, actor, resource,
				() -> doUpdate(store, userId, change));
		this.audit.succeededInDirectory(IdentityAudit.Write.UPDATE_USER, actor, resource);
		return updated;
	}

	/**
	 * Deletes the user's entry from a writable store's directory, then this service's
	 * rows keyed to it, and audits it.
	 */
	void delete(IdentityStore store, UUID userId, AuditActor actor) {
		String resource = IdentityAudit.user(store.id(), userId);
		audited(IdentityAudit.Write.DELETE_USER, actor, resource, () -> doDelete(store, userId));
		this.audit.succeededInDirectory(IdentityAudit.Write.DELETE_USER, actor, resource);
	}

	/**
	 * Records a refusal of the directory's part once no transaction is open; the
	 * transaction in which UserService chose the directory audits its own.
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

	private static IdentityException refused(String identityStoreId, @Nullable UUID userId,
			DirectoryEntryRefusedException ex) {
		return switch (ex.reason()) {
			// Deleted or moved in the directory since it was found: as if before.
			case GONE -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
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
