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
 * Users of identity stores. User names are unique per store without regard to case.
 */
@Service
public class UserService {

	private final UserLookup lookup;

	private final UserRepository users;

	private final IdentityProperties properties;

	private final Clock clock;

	UserService(UserLookup lookup, UserRepository users, IdentityProperties properties, Clock clock) {
		this.lookup = lookup;
		this.users = users;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public UserInfo create(String identityStoreId, UserAttributes attributes, String callerAccountId) {
		this.lookup.requireStore(identityStoreId);
		UserAttributeRules.check(attributes);
		if (this.users.existsByIdentityStoreIdAndUserNameKey(identityStoreId, User.key(attributes.userName()))) {
			throw duplicate(attributes.userName());
		}
		if (this.users.countByIdentityStoreId(identityStoreId) >= this.properties.usersQuota()) {
			throw new IdentityException(IdentityError.QUOTA_EXCEEDED,
					"identity store " + identityStoreId + " holds its quota of " + this.properties.usersQuota()
							+ " users");
		}
		try {
			return this.users.saveAndFlush(new User(identityStoreId, attributes, this.clock.instant(), callerAccountId))
				.toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(attributes.userName());
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
			List<UserInfo> match = this.users.findByIdentityStoreIdAndUserNameKey(identityStoreId, User.key(userName))
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
	 * Applies a change to a user's attributes inside one transaction; the entity's version makes
	 * a concurrent change fail instead of being overwritten.
	 */
	@Transactional
	public UserInfo update(String identityStoreId, UUID userId, UnaryOperator<UserAttributes> change,
			String callerAccountId) {
		User user = this.lookup.find(identityStoreId, userId);
		UserAttributes before = user.attributes();
		UserAttributes after = change.apply(before);
		UserAttributeRules.check(after);
		if (!User.key(after.userName()).equals(user.userNameKey())
				&& this.users.existsByIdentityStoreIdAndUserNameKey(identityStoreId, User.key(after.userName()))) {
			throw duplicate(after.userName());
		}
		user.apply(after, this.clock.instant(), callerAccountId);
		try {
			return this.users.saveAndFlush(user).toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(after.userName());
		}
	}

	@Transactional
	public void delete(String identityStoreId, UUID userId) {
		this.users.delete(this.lookup.find(identityStoreId, userId));
	}

	@Transactional
	public UserInfo setEnabled(String identityStoreId, UUID userId, boolean enabled, String callerAccountId) {
		User user = this.lookup.find(identityStoreId, userId);
		user.setEnabled(enabled, this.clock.instant(), callerAccountId);
		return this.users.saveAndFlush(user).toInfo();
	}

	private static IdentityException duplicate(String userName) {
		return new IdentityException(IdentityError.DUPLICATE_USER_NAME, "a user named " + userName + " exists");
	}

}
