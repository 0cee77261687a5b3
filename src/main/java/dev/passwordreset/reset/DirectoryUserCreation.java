package dev.passwordreset.reset;

import java.util.Optional;
import java.util.function.Function;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserInfo;
import dev.passwordreset.identity.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * CreateUser's password modes on an LDAP store whose directory is writable: the entry is
 * added, then its password is set as ResetPwdMode sets a directory user's (a one-time
 * password written to the directory in the store's mode, or a reset link by mail), so
 * that the claim, write and spend of {@link PasswordChange} keep their guarantees and no
 * database connection waits on the directory. The entry and its password cannot be
 * written atomically: when the password step fails, the entry is deleted again (best
 * effort: a directory that went down meanwhile keeps it, without a usable password).
 */
@Component
class DirectoryUserCreation {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryUserCreation.class);

	private final UserService users;

	DirectoryUserCreation(UserService users) {
		this.users = users;
	}

	/**
	 * Adds the entry, then sets its password with {@code password}; empty, and nothing
	 * written or audited, when the store is not a writable LDAP store.
	 */
	<T> Optional<T> create(String identityStoreId, UserAttributes attributes, AuditActor actor,
			Function<UserInfo, T> password) {
		return this.users.createInDirectory(identityStoreId, attributes, actor)
			.map((user) -> undoOnFailure(identityStoreId, user, actor, password));
	}

	private <T> T undoOnFailure(String identityStoreId, UserInfo user, AuditActor actor,
			Function<UserInfo, T> password) {
		try {
			return password.apply(user);
		}
		catch (RuntimeException ex) {
			try {
				this.users.delete(identityStoreId, user.userId(), actor);
			}
			catch (RuntimeException undo) {
				logger.warn("The entry of a new user of identity store {} stays without a password: {}",
						identityStoreId, undo.getClass().getSimpleName());
			}
			throw ex;
		}
	}

}
