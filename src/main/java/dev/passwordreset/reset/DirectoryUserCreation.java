package dev.passwordreset.reset;

import java.util.Optional;
import java.util.function.Supplier;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.identity.DirectoryUserWrites;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * CreateUser's password modes on an LDAP store whose directory is writable: the entry is
 * added, then its password is set as ResetPwdMode sets a directory user's (a one-time
 * password written to the directory in the store's mode, or a reset link by mail), so
 * that the claim, write and spend of {@link PasswordChange} keep their guarantees and no
 * database connection waits on the directory. The entry and its password cannot be
 * written atomically: when the password step fails, the entry is deleted again (best
 * effort: a directory that went down meanwhile keeps it, without a usable password).
 */
@Service
public class DirectoryUserCreation {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryUserCreation.class);

	private final DirectoryUserWrites writes;

	private final PasswordResetService resets;

	DirectoryUserCreation(DirectoryUserWrites writes, PasswordResetService resets) {
		this.writes = writes;
		this.resets = resets;
	}

	/**
	 * With {@code password_mode: OTP}; empty when the store is not a writable LDAP store.
	 */
	public Optional<IssuedPassword> createWithOneTimePassword(String identityStoreId, UserAttributes attributes,
			AuditActor actor) {
		return this.writes.create(identityStoreId, attributes, actor)
			.map((user) -> undoOnFailure(identityStoreId, user, actor,
					() -> this.resets.resetWithOneTimePassword(identityStoreId, user.userId(), actor)));
	}

	/**
	 * With {@code password_mode: EMAIL}; empty when the store is not a writable LDAP
	 * store.
	 */
	public Optional<UserInfo> createWithEmailLink(String identityStoreId, UserAttributes attributes, AuditActor actor) {
		return this.writes.create(identityStoreId, attributes, actor)
			.map((user) -> undoOnFailure(identityStoreId, user, actor, () -> {
				this.resets.resetWithEmailLink(identityStoreId, user.userId(), actor);
				return user;
			}));
	}

	private <T> T undoOnFailure(String identityStoreId, UserInfo user, AuditActor actor, Supplier<T> password) {
		try {
			return password.get();
		}
		catch (RuntimeException ex) {
			try {
				this.writes.delete(identityStoreId, user.userId(), actor);
			}
			catch (RuntimeException undo) {
				logger.warn("The entry of a new user of identity store {} stays without a password: {}",
						identityStoreId, undo.getClass().getSimpleName());
			}
			throw ex;
		}
	}

}
