package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' password hashes and sign-in state. Hashing and policy live elsewhere; this
 * service only stores what it is given, so the identity model never sees a plain
 * password.
 */
@Service
public class UserCredentialService {

	private final UserRepository users;

	private final UserLookup lookup;

	private final Clock clock;

	UserCredentialService(UserRepository users, UserLookup lookup, Clock clock) {
		this.users = users;
		this.lookup = lookup;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public UserCredentials credentials(String identityStoreId, UUID userId) {
		return toCredentials(this.lookup.find(identityStoreId, userId));
	}

	/**
	 * The user with this name in its PRECIS comparison form, if there is one: a name that
	 * maps to a user's (full-width, another case) finds that user; one the profile
	 * refuses finds nobody.
	 */
	@Transactional(readOnly = true)
	public Optional<UserCredentials> findByUserName(String identityStoreId, String userName) {
		// The user first: found, the store exists, and the common case costs one query.
		Optional<UserCredentials> found = Identifiers.userNameLookupKey(userName)
			.flatMap((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key).stream().findFirst())
			.map(UserCredentialService::toCredentials);
		if (found.isEmpty()) {
			this.lookup.requireStore(identityStoreId);
		}
		return found;
	}

	/**
	 * The users with this address among their emails, compared under NFKC case folding
	 * with the domain in IDNA form (see {@link Identifiers#emailKeyDigest}); at most
	 * {@code limit} of them, in user-name order.
	 */
	@Transactional(readOnly = true)
	public List<UserCredentials> findByEmail(String identityStoreId, String email, int limit) {
		this.lookup.requireStore(identityStoreId);
		return this.users
			.findByIdentityStoreIdAndEmail(identityStoreId, Identifiers.emailKeyDigest(email), Limit.of(limit))
			.stream()
			.map(UserCredentialService::toCredentials)
			.toList();
	}

	/**
	 * Stores a new password hash. Concurrent changes do not fail: they are applied one
	 * after the other, and the last to commit stays.
	 */
	@Transactional
	public void setPassword(String identityStoreId, UUID userId, String passwordHash, boolean changeRequired,
			@Nullable Instant expiresAt, String changedBy) {
		this.lookup.requireStore(identityStoreId);
		if (this.users.setPassword(userId, identityStoreId, passwordHash, changeRequired, expiresAt,
				this.clock.instant(), changedBy) == 0) {
			throw IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
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

	private static UserCredentials toCredentials(User user) {
		UserInfo info = user.toInfo();
		return new UserCredentials(info.userId(), info.identityStoreId(), info.attributes(), info.enabled(),
				user.passwordHash(), info.passwordChangeRequired(), user.passwordExpiresAt(), user.lockedUntil(),
				info.passwordSetAt());
	}

}
