package dev.passwordreset.identity;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Finds a user within its store, with the not-found errors every user operation gives: the store
 * first, then the user.
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
			return new IdentityException(IdentityError.USER_NOT_FOUND, "user " + userId);
		});
	}

	void requireStore(String identityStoreId) {
		if (!this.stores.existsById(identityStoreId)) {
			throw IdentityStoreService.notFound(identityStoreId);
		}
	}

	/**
	 * Requires the store and holds its row lock until the transaction ends. A quota is a count
	 * followed by an insert: without the lock, concurrent creations would each count the same
	 * total and together pass the quota.
	 */
	void lockStore(String identityStoreId) {
		if (this.stores.findForUpdateById(identityStoreId).isEmpty()) {
			throw IdentityStoreService.notFound(identityStoreId);
		}
	}

}
