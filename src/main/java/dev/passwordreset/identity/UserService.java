package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users of identity stores. User names are unique per store in their PRECIS comparison
 * form (see {@link Identifiers}), and no two of a store look alike.
 */
@Service
public class UserService {

	private final UserLookup lookup;

	private final UserRepository users;

	private final GroupMembershipRepository memberships;

	private final IdentityProperties properties;

	private final Clock clock;

	UserService(UserLookup lookup, UserRepository users, GroupMembershipRepository memberships,
			IdentityProperties properties, Clock clock) {
		this.lookup = lookup;
		this.users = users;
		this.memberships = memberships;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public UserInfo create(String identityStoreId, UserAttributes attributes, String callerAccountId) {
		this.lookup.takeUserPlace(identityStoreId, this.properties.usersQuota());
		UserAttributes normalized = UserAttributeRules.normalize(attributes, null);
		UserAttributeRules.check(normalized);
		requireDistinctName(identityStoreId, normalized.userName(), null);
		try {
			return this.users.saveAndFlush(new User(identityStoreId, normalized, this.clock.instant(), callerAccountId))
				.toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw sameOrConfusable();
		}
	}

	@Transactional(readOnly = true)
	public UserInfo get(String identityStoreId, UUID userId) {
		return this.lookup.find(identityStoreId, userId).toInfo();
	}

	/**
	 * Lists users in user-name order, optionally only the one with the given name.
	 */
	@Transactional(readOnly = true)
	public UserPage list(String identityStoreId, int limit, @Nullable String marker, @Nullable String userName) {
		this.lookup.requireStore(identityStoreId);
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
	@Transactional
	public UserInfo update(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change,
			String callerAccountId) {
		User user = this.lookup.find(identityStoreId, userId);
		UserAttributes before = user.attributes();
		UserAttributes after = UserAttributeRules.normalize(change.apply(before), before.userName());
		UserAttributeRules.check(after);
		if (!after.userName().equals(before.userName())) {
			requireDistinctName(identityStoreId, after.userName(), user);
		}
		user.apply(after, this.clock.instant(), callerAccountId);
		try {
			return this.users.saveAndFlush(user).toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw sameOrConfusable();
		}
	}

	/** GetUserId: the id of the user with this name, compared as names are. */
	@Transactional(readOnly = true)
	public UUID idOf(String identityStoreId, String userName) {
		this.lookup.requireStore(identityStoreId);
		return Identifiers.userNameLookupKey(userName)
			.flatMap((key) -> this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, key).stream().findFirst())
			.map(User::id)
			.orElseThrow(() -> IdentityException.notFoundBy(IdentityError.USER_NOT_FOUND, "user_name"));
	}

	/** Deletes the user and, in the same transaction, its group memberships. */
	@Transactional
	public void delete(String identityStoreId, UUID userId) {
		User user = this.lookup.find(identityStoreId, userId);
		this.memberships.deleteByUserId(user.id());
		this.users.delete(user);
		this.lookup.releaseUserPlace(identityStoreId);
	}

	@Transactional
	public UserInfo setEnabled(String identityStoreId, UUID userId, boolean enabled, String callerAccountId) {
		User user = this.lookup.find(identityStoreId, userId);
		user.setEnabled(enabled, this.clock.instant(), callerAccountId);
		return this.users.saveAndFlush(user).toInfo();
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

	private static IdentityException sameOrConfusable() {
		return IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
				IdentityException.Clash.SAME_OR_CONFUSABLE);
	}

}
