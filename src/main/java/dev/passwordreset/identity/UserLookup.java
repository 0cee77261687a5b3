package dev.passwordreset.identity;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Finds a user within its store, with the not-found errors every user operation gives:
 * the store first, then the user.
 */
@Component
class UserLookup {

	private final IdentityStoreRepository stores;

	private final UserRepository users;

	UserLookup(IdentityStoreRepository stores, UserRepository users) {
		this.stores = stores;
		this.users = users;
	}

	User find(String identityStoreId, UUID userId) {
		// The user first: found, the store exists, and the common case costs one query.
		return this.users.findByIdAndIdentityStoreId(userId, identityStoreId).orElseThrow(() -> {
			requireStore(identityStoreId);
			return IdentityException.notFound(IdentityError.USER_NOT_FOUND, userId);
		});
	}

	IdentityStore store(String identityStoreId) {
		return this.stores.findById(identityStoreId).orElseThrow(() -> IdentityStoreService.notFound(identityStoreId));
	}

	/**
	 * The store with this name, compared as {@link IdentityStoreService#findByName} does.
	 */
	Optional<IdentityStore> storeNamed(String name) {
		return IdentityStoreService.named(this.stores, name);
	}

	void requireStore(String identityStoreId) {
		if (!this.stores.existsById(identityStoreId)) {
			throw IdentityStoreService.notFound(identityStoreId);
		}
	}

	/**
	 * Takes a place for one more user of the store, or says why there is none: the store
	 * does not exist, or holds {@code quota} users. The place is given back if the
	 * transaction rolls back.
	 */
	void takeUserPlace(String identityStoreId, long quota) {
		if (this.stores.takeUserPlace(identityStoreId, quota) == 0) {
			requireStore(identityStoreId);
			throw IdentityException.quotaExceeded(identityStoreId, "users", quota);
		}
	}

	void releaseUserPlace(String identityStoreId) {
		this.stores.releaseUserPlace(identityStoreId);
	}

	/** As {@link #takeUserPlace}, for groups. */
	void takeGroupPlace(String identityStoreId, long quota) {
		if (this.stores.takeGroupPlace(identityStoreId, quota) == 0) {
			requireStore(identityStoreId);
			throw IdentityException.quotaExceeded(identityStoreId, "groups", quota);
		}
	}

	void releaseGroupPlace(String identityStoreId) {
		this.stores.releaseGroupPlace(identityStoreId);
	}

}
