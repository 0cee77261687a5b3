package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' password hashes and sign-in state. Hashing and policy live elsewhere; this service only
 * stores what it is given, so the identity model never sees a plain password.
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
	 * The user with this name in its PRECIS comparison form, if there is one: a name that maps to
	 * a user's (full-width, another case) finds that user; one the profile refuses finds nobody.
	 */
	@Transactional(readOnly = true)
	public Optional<UserCredentials> findByUserName(String identityStoreId, String userName) {
		this.lookup.requireStore(identityStoreId);
		return Identifiers.userNameLookupKey(userName)
			.flatMap((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key).stream().findFirst())
			.map(UserCredentialService::toCredentials);
	}

	/**
	 * The users with this address among their emails, compared under NFKC case folding with the
	 * domain in IDNA form (see {@link Identifiers#emailKeyDigest}); at most
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
	 * Stores a new password hash; the entity's version makes a concurrent change fail rather than
	 * be overwritten.
	 */
	@Transactional
	public UserInfo setPassword(String identityStoreId, UUID userId, String passwordHash, boolean changeRequired,
			@Nullable Instant expiresAt, String changedBy) {
		User user = this.lookup.find(identityStoreId, userId);
		user.setPassword(passwordHash, changeRequired, expiresAt, this.clock.instant(), changedBy);
		return this.users.saveAndFlush(user).toInfo();
	}

	/**
	 * Counts a failed sign-in atomically.
	 * @return true when this failure locked the user
	 */
	@Transactional
	public boolean recordFailedSignIn(UUID userId, int maxFailures, Duration lockout) {
		this.users.countFailedSignIn(userId, maxFailures, this.clock.instant().plus(lockout));
		return this.users.failedSignIns(userId) == maxFailures;
	}

	@Transactional
	public void recordSuccessfulSignIn(UUID userId) {
		this.users.clearFailedSignIns(userId);
	}

	private static UserCredentials toCredentials(User user) {
		UserInfo info = user.toInfo();
		return new UserCredentials(info.userId(), info.identityStoreId(), info.attributes(), info.enabled(),
				user.passwordHash(), info.passwordChangeRequired(), user.passwordExpiresAt(), user.lockedUntil());
	}

}
