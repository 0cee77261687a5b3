package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.passwordreset.audit.AuditActor;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users of identity stores. User names are unique per store in their PRECIS comparison
 * form (see {@link Identifiers}), and no two of a store look alike.
 * <p>
 * An LDAP store's users are read from its directory ({@link DirectoryUsers}), outside any
 * transaction. They are created, changed and deleted in the directory only when the store
 * is configured writable ({@link DirectoryUserWrites}); on any other LDAP store such
 * writes are refused as read-only. Each write decides where it goes in its own
 * transaction, from the one read of the store that it needs anyway: an internal store's
 * write is done in that transaction, a writable directory's after it, so that no database
 * connection waits on the directory.
 * <p>
 * Every write is audited: its success in the write's own transaction, a refusal once that
 * has rolled back (see {@link IdentityAudit}). No audit row holds a user's attributes.
 */
@Service
public class UserService {

	private final UserLookup lookup;

	private final UserRepository users;

	private final GroupMembershipRepository memberships;

	private final IdentityProperties properties;

	private final Clock clock;

	private final DirectoryUsers directoryUsers;

	private final DirectoryUserWrites directoryWrites;

	private final TransactionTemplate readOnly;

	private final IdentityAudit audit;

	UserService(UserLookup lookup, UserRepository users, GroupMembershipRepository memberships,
			IdentityProperties properties, Clock clock, DirectoryUsers directoryUsers,
			DirectoryUserWrites directoryWrites, PlatformTransactionManager transactionManager, IdentityAudit audit) {
		this.lookup = lookup;
		this.users = users;
		this.memberships = memberships;
		this.properties = properties;
		this.clock = clock;
		this.directoryUsers = directoryUsers;
		this.directoryWrites = directoryWrites;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.audit = audit;
	}

	/**
	 * CreateUser without a password: the user in a transaction of its own, or, on a
	 * writable LDAP store, the entry in its directory after that transaction.
	 */
	public UserInfo create(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		return this.audit.write(IdentityAudit.Write.CREATE_USER, actor, createResource(identityStoreId), () -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			return this.directoryWrites.isWritable(store) ? Routed.<UserInfo>directory(store)
					: Routed.internal(createInternal(store, attributes, actor));
		}).orInDirectory((store) -> this.directoryWrites.create(store, attributes, actor));
	}

	/**
	 * CreateUser on a writable LDAP store, for a caller that sets the new entry's
	 * password next: the entry is added to the directory, and audited; empty, and nothing
	 * audited, when the store is any other store, whose users the caller creates with
	 * {@link #createInTransaction}. A store that does not exist is refused, and audited,
	 * here.
	 */
	public Optional<UserInfo> createInDirectory(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		return this.audit.write(IdentityAudit.Write.CREATE_USER, actor, createResource(identityStoreId), () -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			return this.directoryWrites.isWritable(store) ? Optional.of(store) : Optional.<IdentityStore>empty();
		}).map((store) -> this.directoryWrites.create(store, attributes, actor));
	}

	/**
	 * Creates the user in the caller's transaction, with its success audit row, for a
	 * caller that writes more with it (a password, a reset link): if that transaction
	 * rolls back, neither the user nor the row remains. The caller records a refusal with
	 * {@link #recordRefusedCreate} once its transaction has rolled back.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UserInfo createInTransaction(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		return createInternal(this.lookup.store(identityStoreId), attributes, actor);
	}

	/** Creates an internal store's user; any LDAP store's are refused as read-only. */
	private UserInfo createInternal(IdentityStore store, UserAttributes attributes, AuditActor actor) {
		String identityStoreId = store.id();
		if (store.isLdap()) {
			throw IdentityException.readOnlyStore(identityStoreId);
		}
		this.lookup.takeUserPlace(identityStoreId, this.properties.usersQuota());
		UserAttributes normalized = UserAttributeRules.normalize(attributes, null);
		UserAttributeRules.check(normalized);
		requireDistinctName(identityStoreId, normalized.userName(), null);
		UserInfo created;
		try {
			created = this.users
				.saveAndFlush(
						new User(identityStoreId, normalized, this.clock.instant(), IdentityAudit.changedBy(actor)))
				.toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw sameOrConfusable();
		}
		this.audit.succeeded(IdentityAudit.Write.CREATE_USER, actor,
				IdentityAudit.user(identityStoreId, created.userId()));
		return created;
	}

	/**
	 * Records that a creation through {@link #createInTransaction} was refused or failed,
	 * in a short transaction of its own: call it after the caller's transaction has
	 * rolled back, never inside one.
	 */
	public void recordRefusedCreate(String identityStoreId, AuditActor actor, RuntimeException refusal) {
		this.audit.refused(IdentityAudit.Write.CREATE_USER, actor, createResource(identityStoreId), refusal);
	}

	/** A user not yet created: the store's users. */
	private static String createResource(String identityStoreId) {
		return IdentityAudit.store(identityStoreId) + "/user";
	}

	public UserInfo get(String identityStoreId, UUID userId) {
		Routed<UserInfo> read = read(() -> {
			// The user first: found, the store exists, and the common case costs one
			// query.
			Optional<User> user = this.users.findByIdAndIdentityStoreId(userId, identityStoreId);
			if (user.isPresent() && !DirectoryAnchors.isAnchor(user.get())) {
				return Routed.internal(user.get().toInfo());
			}
			IdentityStore store = this.lookup.store(identityStoreId);
			if (store.isLdap()) {
				return Routed.directory(store);
			}
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
		});
		return read.orInDirectory((store) -> this.directoryUsers.get(store, userId));
	}

	/**
	 * Lists users in user-name order, optionally only the one with the given name.
	 */
	public UserPage list(String identityStoreId, int limit, @Nullable String marker, @Nullable String userName) {
		Routed<UserPage> read = read(() -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			return store.isLdap() ? Routed.directory(store)
					: Routed.internal(listInternal(identityStoreId, limit, marker, userName));
		});
		return read.orInDirectory((store) -> this.directoryUsers.list(store, limit, marker, userName));
	}

	private UserPage listInternal(String identityStoreId, int limit, @Nullable String marker,
			@Nullable String userName) {
		if (userName != null) {
			// A name the profile refuses belongs to nobody.
			List<UserInfo> match = Identifiers.userNameLookupKey(userName)
				.map((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key))
				.orElse(List.of())
				.stream()
				.map(User::toInfo)
				.toList();
			return new UserPage(match, null);
		}
		String after = (marker != null) ? Markers.decode(marker) : "";
		List<User> page = this.users.findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(
				identityStoreId, after, Limit.of(limit + 1));
		boolean more = page.size() > limit;
		List<User> shown = page.subList(0, Math.min(limit, page.size()));
		String next = more ? Markers.encode(shown.get(shown.size() - 1).userNameKey()) : null;
		return new UserPage(shown.stream().map(User::toInfo).toList(), next);
	}

	/**
	 * Applies a change to a user's attributes inside one transaction; the entity's
	 * version makes a concurrent change fail instead of being overwritten. A writable
	 * LDAP store's user is changed in the directory after that transaction.
	 */
	public UserInfo update(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change,
			AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		return this.audit.write(IdentityAudit.Write.UPDATE_USER, actor, resource, () -> {
			Routed<User> found = findWritableOrDirectory(identityStoreId, userId);
			if (found.internal() == null) {
				return Routed.<UserInfo>directory(found.store());
			}
			User user = found.internal();
			UserAttributes before = user.attributes();
			UserAttributes after = UserAttributeRules.normalize(change.apply(before), before.userName());
			UserAttributeRules.check(after);
			if (!after.userName().equals(before.userName())) {
				requireDistinctName(identityStoreId, after.userName(), user);
			}
			user.apply(after, this.clock.instant(), IdentityAudit.changedBy(actor));
			UserInfo changed;
			try {
				changed = this.users.saveAndFlush(user).toInfo();
			}
			catch (DataIntegrityViolationException ex) {
				throw sameOrConfusable();
			}
			this.audit.succeeded(IdentityAudit.Write.UPDATE_USER, actor, resource);
			return Routed.internal(changed);
		}).orInDirectory((store) -> this.directoryWrites.update(store, userId, change, actor));
	}

	/**
	 * GetUserId: the id of the user with this name, compared as names are (in a
	 * directory, under the user-name attribute's own matching rule).
	 */
	public UUID idOf(String identityStoreId, String userName) {
		Routed<UUID> read = read(() -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			if (store.isLdap()) {
				return Routed.directory(store);
			}
			return Routed.internal(Identifiers.userNameLookupKey(userName)
				.flatMap((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key)
					.stream()
					.findFirst())
				.map(User::id)
				.orElseThrow(() -> IdentityException.notFoundBy(IdentityError.USER_NOT_FOUND, "user_name")));
		});
		return read.orInDirectory((store) -> this.directoryUsers.idOf(store, userName));
	}

	/**
	 * Deletes the user and, in the same transaction, its group memberships. A writable
	 * LDAP store's user is deleted from the directory after that transaction, and its
	 * rows here in another.
	 */
	public void delete(String identityStoreId, UUID userId, AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		this.audit.write(IdentityAudit.Write.DELETE_USER, actor, resource, () -> {
			Routed<User> found = findWritableOrDirectory(identityStoreId, userId);
			if (found.internal() == null) {
				return Routed.<UUID>directory(found.store());
			}
			User user = found.internal();
			this.memberships.deleteByUserId(user.id());
			this.users.delete(user);
			this.lookup.releaseUserPlace(identityStoreId);
			this.audit.succeeded(IdentityAudit.Write.DELETE_USER, actor, resource);
			return Routed.internal(userId);
		}).orInDirectory((store) -> {
			this.directoryWrites.delete(store, userId, actor);
			return userId;
		});
	}

	/**
	 * EnableUser and DisableUser. A writable LDAP store's account is enabled or disabled
	 * in the directory after the transaction that found the store.
	 */
	public UserInfo setEnabled(String identityStoreId, UUID userId, boolean enabled, AuditActor actor) {
		IdentityAudit.Write write = enabled ? IdentityAudit.Write.ENABLE_USER : IdentityAudit.Write.DISABLE_USER;
		String resource = IdentityAudit.user(identityStoreId, userId);
		return this.audit.write(write, actor, resource, () -> {
			Routed<User> found = findWritableOrDirectory(identityStoreId, userId);
			if (found.internal() == null) {
				return Routed.<UserInfo>directory(found.store());
			}
			User user = found.internal();
			user.setEnabled(enabled, this.clock.instant(), IdentityAudit.changedBy(actor));
			UserInfo changed = this.users.saveAndFlush(user).toInfo();
			this.audit.succeeded(write, actor, resource);
			return Routed.internal(changed);
		}).orInDirectory((store) -> this.directoryWrites.setEnabled(store, userId, enabled, actor));
	}

	/**
	 * Refuses a name whose key another user of the store has, or whose UTS #39 skeleton
	 * another user's key has: {@code аlice} with a Cyrillic a beside {@code alice}. The
	 * unique indexes on both catch a concurrent creation this check misses.
	 */
	private void requireDistinctName(String identityStoreId, String userName, @Nullable User renamed) {
		String key = Identifiers.userNameKey(userName);
		if (key.length() > User.MAX_USER_NAME) {
			// Lower-casing can lengthen a name (İ is i and a combining dot).
			throw IdentityException.invalid("user_name",
					"must be at most " + User.MAX_USER_NAME + " characters once lower-cased");
		}
		if ((renamed == null || !key.equals(renamed.userNameKey()))
				&& this.users.existsByIdentityStoreIdAndUserNameKey(identityStoreId, key)) {
			throw IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name", IdentityException.Clash.SAME);
		}
		String skeleton = Identifiers.skeletonDigest(key);
		if ((renamed == null || !skeleton.equals(renamed.userNameSkeleton()))
				&& this.users.existsByIdentityStoreIdAndUserNameSkeleton(identityStoreId, skeleton)) {
			// Says nothing of the other user's name, which the caller may not know.
			throw IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
					IdentityException.Clash.CONFUSABLE);
		}
	}

	/**
	 * The user, when its store is one whose users are managed here, or else the writable
	 * LDAP store whose directory holds it; a read-only LDAP store's users, anchored or
	 * not, are refused. An internal user found costs no read of the store.
	 */
	private Routed<User> findWritableOrDirectory(String identityStoreId, UUID userId) {
		Optional<User> user = this.users.findByIdAndIdentityStoreId(userId, identityStoreId);
		if (user.isPresent() && !DirectoryAnchors.isAnchor(user.get())) {
			return Routed.internal(user.get());
		}
		IdentityStore store = this.lookup.store(identityStoreId);
		if (this.directoryWrites.isWritable(store)) {
			return Routed.directory(store);
		}
		if (store.isLdap()) {
			throw IdentityException.readOnlyStore(identityStoreId);
		}
		throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
	}

	/**
	 * Reads in one short read-only transaction; what an LDAP store's directory holds is
	 * read after it, so that no database connection waits on the directory.
	 */
	private <T> Routed<T> read(Supplier<Routed<T>> read) {
		Routed<T> result = this.readOnly.execute((status) -> read.get());
		if (result == null) {
			throw new IllegalStateException("a read returned nothing");
		}
		return result;
	}

	/**
	 * What the database answered or did, or the LDAP store whose directory must answer or
	 * take the write, after the transaction.
	 */
	private record Routed<T>(@Nullable T internal, @Nullable IdentityStore store) {

		static <T> Routed<T> internal(T value) {
			return new Routed<>(value, null);
		}

		static <T> Routed<T> directory(IdentityStore store) {
			return new Routed<>(null, store);
		}

		/** The database's answer, or the directory's, asked now. */
		T orInDirectory(Function<IdentityStore, T> directory) {
			return (this.internal != null) ? this.internal : directory.apply(store());
		}

		@Override
		public IdentityStore store() {
			if (this.store == null) {
				throw new IllegalStateException("not a directory read");
			}
			return this.store;
		}

	}

	private static IdentityException sameOrConfusable() {
		return IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
				IdentityException.Clash.SAME_OR_CONFUSABLE);
	}

}
