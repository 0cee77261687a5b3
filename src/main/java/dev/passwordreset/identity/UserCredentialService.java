package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

import dev.passwordreset.ldap.DirectoryEntryRefusedException;
import dev.passwordreset.ldap.DirectoryUser;
import dev.passwordreset.ldap.LdapDirectories;
import dev.passwordreset.ldap.PasswordCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Users' password hashes and sign-in state. Hashing and policy live elsewhere; this
 * service only stores what it is given, so the identity model never sees a plain
 * password, except to hand it on to an LDAP store's directory, which keeps and hashes its
 * users' passwords itself.
 * <p>
 * The users of an LDAP store are read from the directory each time, keyed by its stable
 * identifier; only an anchor row of that identifier is kept here (see
 * {@link DirectoryAnchors}).
 */
@Service
public class UserCredentialService {

	private final UserRepository users;

	private final StoredCredentials stored;

	private final UserLookup lookup;

	private final LdapDirectories directories;

	private final DirectoryAnchors anchors;

	private final Clock clock;

	private final TransactionTemplate readOnly;

	UserCredentialService(UserRepository users, StoredCredentials stored, UserLookup lookup,
			LdapDirectories directories, DirectoryAnchors anchors, Clock clock,
			PlatformTransactionManager transactionManager) {
		this.stored = stored;
		this.directories = directories;
		this.anchors = anchors;
		this.users = users;
		this.lookup = lookup;
		this.clock = clock;
		// Reads join a caller's transaction, and otherwise run without one: a lookup is
		// mostly one query, and under read committed a transaction around it would see
		// nothing more but cost PostgreSQL a round trip for its commit.
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * The user with this id. An LDAP store's user is read from the directory after the
	 * short read that finds the store, so that no database connection waits on the
	 * directory (unless the caller holds one).
	 */
	public UserCredentials credentials(String identityStoreId, UUID userId) {
		Found found = read(() -> {
			Optional<UserCredentials> user = this.stored.byId(userId, identityStoreId);
			if (user.isPresent()) {
				return Found.internal(user.get());
			}
			IdentityStore store = this.lookup.store(identityStoreId);
			if (store.isLdap()) {
				return Found.inDirectory(store);
			}
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
		});
		IdentityStore store = found.directory();
		if (store == null) {
			return found.orNotFound(userId);
		}
		return this.directories.findById(store.name(), userId)
			.map((entry) -> fromDirectory(store, entry))
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
	}

	/**
	 * The user with this name in its PRECIS comparison form, if there is one: a name that
	 * maps to a user's (full-width, another case) finds that user; one the profile
	 * refuses finds nobody. An LDAP store's directory is searched after the short read
	 * that finds the store, as in {@link #credentials}.
	 */
	public Optional<UserCredentials> findByUserName(String identityStoreId, String userName) {
		Found found = read(() -> {
			// The user first: found, the store exists, and the common case costs one
			// query.
			Optional<UserCredentials> user = Identifiers.userNameLookupKey(userName)
				.flatMap((key) -> this.stored.byUserNameKey(identityStoreId, key));
			if (user.isPresent()) {
				return Found.internal(user.get());
			}
			IdentityStore store = this.lookup.store(identityStoreId);
			return store.isLdap() ? Found.inDirectory(store) : Found.NOBODY;
		});
		return userOrDirectorySearch(found, userName);
	}

	/**
	 * The user by its store's name and its user name, as OAM names them: the store and an
	 * internal user are read in one short read, and an LDAP store's directory is searched
	 * after it, so that no database connection waits on the directory.
	 * @throws IdentityException when no store has that name
	 */
	public Optional<UserCredentials> findByStoreNameAndUserName(String storeName, String userName) {
		Optional<String> key = Identifiers.userNameLookupKey(userName);
		Found found = read(() -> {
			// The common case, a user of an internal store, in one query; the store is
			// read only to tell the other cases apart.
			Optional<UserCredentials> internal = key
				.flatMap((userNameKey) -> this.stored.inInternalStore(IdentityStore.key(storeName), userNameKey));
			if (internal.isPresent()) {
				return Found.internal(internal.get());
			}
			IdentityStore store = this.lookup.storeNamed(storeName)
				.orElseThrow(() -> IdentityException.notFound(IdentityError.STORE_NOT_FOUND, null));
			if (store.isLdap()) {
				return Found.inDirectory(store);
			}
			return Found.NOBODY;
		});
		return userOrDirectorySearch(found, userName);
	}

	/**
	 * The internal user the database found, or else the user of this name in the store's
	 * directory, searched now that the read is over. The directory compares the name
	 * under its attribute's own matching rule.
	 */
	private Optional<UserCredentials> userOrDirectorySearch(Found found, String userName) {
		IdentityStore store = found.directory();
		if (store == null) {
			return Optional.ofNullable(found.user());
		}
		return this.directories.findByUserName(store.name(), userName).map((entry) -> fromDirectory(store, entry));
	}

	/**
	 * The users with this address among their emails, compared under NFKC case folding
	 * with the domain in IDNA form (see {@link Identifiers#emailKeyDigest}); at most
	 * {@code limit} of them, in user-name order. An LDAP store's directory is searched by
	 * its mapped email attribute, under that attribute's own matching rule, after the
	 * short read that finds the store, so that no database connection waits on the
	 * directory.
	 */
	public List<UserCredentials> findByEmail(String identityStoreId, String email, int limit) {
		IdentityStore ldap = this.readOnly.execute((status) -> {
			IdentityStore store = this.lookup.store(identityStoreId);
			return store.isLdap() ? store : null;
		});
		if (ldap != null) {
			return this.directories.findByEmail(ldap.name(), email, limit)
				.stream()
				.map((entry) -> fromDirectory(ldap, entry))
				.toList();
		}
		List<UserCredentials> found = this.readOnly.execute((status) -> this.users
			.findByIdentityStoreIdAndEmail(identityStoreId, Identifiers.emailKeyDigest(email), Limit.of(limit))
			.stream()
			.map(User::toCredentials)
			.toList());
		return (found != null) ? found : List.of();
	}

	/**
	 * Stores a new password hash. Concurrent changes do not fail: they are applied one
	 * after the other, and the last to commit stays.
	 */
	@Transactional
	public void setPassword(String identityStoreId, UUID userId, String passwordHash, boolean changeRequired,
			@Nullable Instant expiresAt, String changedBy) {
		if (this.lookup.store(identityStoreId).isLdap()) {
			// The directory holds the password (setDirectoryPassword); no hash is kept
			// here.
			return;
		}
		if (this.users.setPassword(userId, identityStoreId, passwordHash, changeRequired, expiresAt,
				this.clock.instant(), changedBy) == 0) {
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
		}
	}

	/**
	 * The name of the store's directory when its users live in one (an LDAP store), in
	 * the caller's transaction; empty for an internal store. The store is read once per
	 * transaction: {@link #setPassword} finds it again in the same persistence context.
	 */
	@Transactional(readOnly = true)
	public Optional<String> directoryOf(String identityStoreId) {
		IdentityStore store = this.lookup.store(identityStoreId);
		return store.isLdap() ? Optional.of(store.name()) : Optional.empty();
	}

	/**
	 * How long {@link #setDirectoryPassword} may take at most before it gives up, from
	 * the directory's timeouts.
	 */
	public Duration longestDirectoryWrite(String directory) {
		return this.directories.longestPasswordWrite(directory);
	}

	/**
	 * Writes a new password to a store's directory ({@link #directoryOf}): a search for
	 * the user by its stable identifier, then the write. Network calls only, so never in
	 * a transaction: the caller holds no database connection while the directory answers
	 * (or does not).
	 * @throws dev.passwordreset.ldap.DirectoryPasswordRefusedException if the directory's
	 * policy refuses it
	 * @throws IdentityException {@code USER_NOT_FOUND} if the directory has no such user,
	 * or its entry went away before the write
	 * @throws dev.passwordreset.ldap.DirectoryUnavailableException if the directory
	 * cannot be reached
	 * @throws IllegalStateException if called in a transaction
	 */
	public void setDirectoryPassword(String directory, UUID userId, String password, boolean changeRequired) {
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A directory is written outside any transaction, so that no connection is held meanwhile");
		DirectoryUser user = this.directories.findById(directory, userId)
			.orElseThrow(() -> IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId));
		try {
			this.directories.setPassword(directory, user, password, changeRequired);
		}
		catch (DirectoryEntryRefusedException ex) {
			if (ex.reason() == DirectoryEntryRefusedException.Reason.GONE) {
				// Deleted between the search and the write: as if it had been before.
				throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
			}
			throw ex;
		}
	}

	/**
	 * Reserves a sign-in attempt before the password is checked: the attempt counts as a
	 * failure until {@link #releaseSignInAttempts} takes it back, so that however many
	 * requests arrive at once, on however many instances, at most {@code maxFailures}
	 * passwords are compared before the lock. A short transaction of its own, so that no
	 * connection is held while the password is hashed.
	 * @return the attempt's place among the consecutive failures (1 for the first, and
	 * {@code maxFailures} for the one that locked the user), or empty when the user is
	 * locked
	 */
	@Transactional
	public OptionalInt reserveSignInAttempt(UUID userId, int maxFailures, Duration lockout) {
		Instant now = this.clock.instant();
		if (this.users.reserveSignInAttempt(userId, maxFailures, now, now.plus(lockout)) == 0) {
			return OptionalInt.empty();
		}
		// The update holds the row's lock until commit, so this reads our own count.
		return OptionalInt.of(this.users.failedSignIns(userId));
	}

	/**
	 * Takes back the failures counted up to and including {@code attempt}, after its
	 * password matched. Only those: attempts reserved after it may still be guesses being
	 * checked, and a success must not wipe them, or a burst with the right password in
	 * the middle would get more than the allowed guesses. A lock that one of them set
	 * therefore stays.
	 */
	@Transactional
	public void releaseSignInAttempts(UUID userId, int attempt) {
		this.users.releaseSignInAttempts(userId, attempt);
	}

	/**
	 * Stores a stronger hash of the same password, unless the password has changed
	 * meanwhile.
	 */
	@Transactional
	public void replacePasswordHash(UUID userId, String oldHash, String newHash) {
		this.users.replacePasswordHash(userId, oldHash, newHash);
	}

	/**
	 * Whether the user belongs to an LDAP store, whose directory checks the password
	 * ({@link #checkDirectoryPassword}) since no hash of it is kept here.
	 */
	public boolean isDirectoryUser(UserCredentials user) {
		return this.lookup.store(user.identityStoreId()).isLdap();
	}

	/**
	 * Whether this is an LDAP store's user's current password, by a bind as the user's
	 * entry: the directory decides, under its own policy, and may require a right one to
	 * be changed first. Outside any transaction, since it waits on the directory.
	 * @throws dev.passwordreset.ldap.DirectoryUnavailableException if the directory
	 * cannot be reached
	 */
	public PasswordCheck checkDirectoryPassword(UserCredentials user, String password) {
		IdentityStore store = this.lookup.store(user.identityStoreId());
		String dn = user.attributes().distinguishedName();
		if (!store.isLdap() || dn == null) {
			return PasswordCheck.WRONG;
		}
		return this.directories.checkPassword(store.name(), dn, password);
	}

	/**
	 * For the sign-in of a user the store does not have: in an LDAP store, the bind a
	 * known user's password gets ({@link LdapDirectories#checkPasswordOfNobody}), so that
	 * an unknown name answers in the time of a wrong password. Outside any transaction,
	 * since it waits on the directory.
	 * @return whether the store checks passwords in its directory, and so the bind was
	 * made
	 */
	public boolean checkPasswordOfNobody(String identityStoreId, String password) {
		IdentityStore store = this.lookup.store(identityStoreId);
		if (!store.isLdap()) {
			return false;
		}
		this.directories.checkPasswordOfNobody(store.name(), password);
		return true;
	}

	private UserCredentials fromDirectory(IdentityStore store, DirectoryUser entry) {
		this.anchors.ensure(store.id(), entry.id());
		return new UserCredentials(entry.id(), store.id(), DirectoryUsers.attributes(entry), entry.enabled(), null,
				false, null, null, null);
	}

	private Found read(Supplier<Found> read) {
		Found found = this.readOnly.execute((status) -> read.get());
		return (found != null) ? found : Found.NOBODY;
	}

	/**
	 * What the database answered: an internal user, nobody, or the LDAP store whose
	 * directory must answer.
	 */
	private record Found(@Nullable UserCredentials user, @Nullable IdentityStore directory) {

		static final Found NOBODY = new Found(null, null);

		static Found internal(UserCredentials user) {
			return new Found(user, null);
		}

		static Found inDirectory(IdentityStore store) {
			return new Found(null, store);
		}

		UserCredentials orNotFound(UUID userId) {
			if (this.user == null) {
				throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
			}
			return this.user;
		}

	}

}
