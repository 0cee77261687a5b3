package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * transaction, and are not created, changed or deleted here: the directory is where they
 * are managed; such writes are refused as read-only.
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

	private final TransactionTemplate readOnly;

	private final IdentityAudit audit;

	UserService(UserLookup lookup, UserRepository users, GroupMembershipRepository memberships,
			IdentityProperties properties, Clock clock, DirectoryUsers directoryUsers,
			PlatformTransactionManager transactionManager, IdentityAudit audit) {
		this.lookup = lookup;
		this.users = users;
		this.memberships = memberships;
		this.properties = properties;
		this.clock = clock;
		this.directoryUsers = directoryUsers;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.audit = audit;
	}

	/** CreateUser without a password: the user in a transaction of its own. */
	public UserInfo create(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		return this.audit.write(IdentityAudit.Write.CREATE_USER, actor, createResource(identityStoreId),
				() -> createInTransaction(identityStoreId, attributes, actor));
	}

	/**
	 * Creates the user in the caller's transaction, with its success audit row, for a
	 * caller that writes more with it (a password, a reset link): if that transaction
	 * rolls back, neither the user nor the row remains. The caller records a refusal with
	 * {@link #recordRefusedCreate} once its transaction has rolled back.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UserInfo createInTransaction(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		if (this.lookup.store(identityStoreId).isLdap()) {
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
		Read<UserInfo> read = read(() -> {
			// The user first: found, the store exists, and the common case costs one
			// query.
			Optional<User> user = this.users.findByIdAndIdentityStoreId(userId, identityStoreId);
			if (user.isPresent() && !DirectoryAnchors.isAnchor(user.get())) {
				return Read.internal(user.get().toInfo());
			}
			IdentityStore store = this.lookup.store(identityStoreId);
			if (store.isLdap()) {
				return Read.directory(store);
			}
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
		});
		return (read.internal() != null) ? read.internal() : this.directoryUsers.get(read.store(), userId);
	}

	/**
	 * Lists users in user-name order, optionally only the one with the given name.
	 */
	public UserPage list(String identityStoreId, int limit, @Nullable String marker, @Nullable String userName) {
		Read<UserPage> read = read(() -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			return store.isLdap() ? Read.directory(store)
					: Read.internal(listInternal(identityStoreId, limit, marker, userName));
		});
		return (read.internal() != null) ? read.internal()
				: this.directoryUsers.list(read.store(), limit, marker, userName);
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
	 * version makes a concurrent change fail instead of being overwritten.
	 */
	public UserInfo update(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change,
			AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		return this.audit.write(IdentityAudit.Write.UPDATE_USER, actor, resource, () -> {
			User user = findWritable(identityStoreId, userId);
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
			return changed;
		});
	}

	/**
	 * GetUserId: the id of the user with this name, compared as names are (in a
	 * directory, under the user-name attribute's own matching rule).
	 */
	public UUID idOf(String identityStoreId, String userName) {
		Read<UUID> read = read(() -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			if (store.isLdap()) {
				return Read.directory(store);
			}
			return Read.internal(Identifiers.userNameLookupKey(userName)
				.flatMap((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key)
					.stream()
					.findFirst())
				.map(User::id)
				.orElseThrow(() -> IdentityException.notFoundBy(IdentityError.USER_NOT_FOUND, "user_name")));
		});
		return (read.internal() != null) ? read.internal() : this.directoryUsers.idOf(read.store(), userName);
	}

	/** Deletes the user and, in the same transaction, its group memberships. */
	public void delete(String identityStoreId, UUID userId, AuditActor actor) {
		String resource = IdentityAudit.user(identityStoreId, userId);
		this.audit.write(IdentityAudit.Write.DELETE_USER, actor, resource, () -> {
			User user = findWritable(identityStoreId, userId);
			this.memberships.deleteByUserId(user.id());
			this.users.delete(user);
			this.lookup.releaseUserPlace(identityStoreId);
			this.audit.succeeded(IdentityAudit.Write.DELETE_USER, actor, resource);
			return userId;
		});
	}

	public UserInfo setEnabled(String identityStoreId, UUID userId, boolean enabled, AuditActor actor) {
		IdentityAudit.Write write = enabled ? IdentityAudit.Write.ENABLE_USER : IdentityAudit.Write.DISABLE_USER;
		String resource = IdentityAudit.user(identityStoreId, userId);
		return this.audit.write(write, actor, resource, () -> {
			User user = findWritable(identityStoreId, userId);
			user.setEnabled(enabled, this.clock.instant(), IdentityAudit.changedBy(actor));
			UserInfo changed = this.users.saveAndFlush(user).toInfo();
			this.audit.succeeded(write, actor, resource);
			return changed;
		});
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
	 * The user, when its store is one whose users are managed here; an LDAP store's
	 * users, anchored or not, are refused as read-only.
	 */
	private User findWritable(String identityStoreId, UUID userId) {
		Optional<User> user = this.users.findByIdAndIdentityStoreId(userId, identityStoreId);
		if (user.isPresent() && !DirectoryAnchors.isAnchor(user.get())) {
			return user.get();
		}
		if (this.lookup.store(identityStoreId).isLdap()) {
			throw IdentityException.readOnlyStore(identityStoreId);
		}
		throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
	}

	/**
	 * Reads in one short read-only transaction; what an LDAP store's directory holds is
	 * read after it, so that no database connection waits on the directory.
	 */
	private <T> Read<T> read(Supplier<Read<T>> read) {
		Read<T> result = this.readOnly.execute((status) -> read.get());
		if (result == null) {
			throw new IllegalStateException("a read returned nothing");
		}
		return result;
	}

	/** What the database answered, or the LDAP store whose directory must answer. */
	private record Read<T>(@Nullable T internal, @Nullable IdentityStore store) {

		static <T> Read<T> internal(T value) {
			return new Read<>(value, null);
		}

		static <T> Read<T> directory(IdentityStore store) {
			return new Read<>(null, store);
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
