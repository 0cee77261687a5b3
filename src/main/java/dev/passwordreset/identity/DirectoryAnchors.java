package dev.passwordreset.identity;

import java.time.Clock;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives each directory user this service deals with an anchor row keyed by the
 * directory's stable identifier, so that one-time codes, reset links, password history
 * and sign-in counters refer to it as they refer to an internal user, and follow it
 * through a rename.
 * <p>
 * The anchor is written in a transaction of its own, once per user ever: users are found
 * inside read-only transactions, which must not write.
 */
@Component
class DirectoryAnchors {

	private final UserRepository users;

	private final Clock clock;

	private final TransactionTemplate own;

	DirectoryAnchors(UserRepository users, Clock clock, PlatformTransactionManager transactionManager) {
		this.users = users;
		this.clock = clock;
		this.own = new TransactionTemplate(transactionManager);
		this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	void ensure(String identityStoreId, UUID directoryId) {
		if (this.users.existsByIdAndIdentityStoreId(directoryId, identityStoreId)) {
			return;
		}
		try {
			this.own.executeWithoutResult((status) -> this.users.insertDirectoryAnchor(directoryId, identityStoreId,
					anchorName(directoryId), this.clock.instant()));
		}
		catch (DataIntegrityViolationException ex) {
			// Another request anchored the same user first, which is all this wanted.
		}
	}

	/** Whether this row is an LDAP user's anchor, which holds none of its attributes. */
	static boolean isAnchor(User user) {
		return isAnchorKey(user.userNameKey());
	}

	/** Whether a row with this user-name key is an LDAP user's anchor. */
	static boolean isAnchorKey(String userNameKey) {
		return userNameKey.contains(" ");
	}

	/**
	 * A name no lookup can find: it holds a space, which the PRECIS user name profile
	 * refuses, so no user name's comparison form is ever equal to it.
	 */
	static String anchorName(UUID directoryId) {
		return "ldap " + directoryId;
	}

}
