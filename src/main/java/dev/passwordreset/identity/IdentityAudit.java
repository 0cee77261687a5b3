package dev.passwordreset.identity;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit of a user, group or membership write. The write runs in one transaction that
 * also holds its success row, so the row commits or rolls back with the change: no
 * success is recorded for a change that did not commit, and none is lost. A refusal or
 * failure is recorded after that transaction has rolled back, in a short one of its own,
 * so the request never holds two connections. Reasons are fixed texts of ours (the
 * refusal's kind), never an exception's message, which can quote input.
 */
@Component
class IdentityAudit {

	/** What an identity store id issued or configured here looks like. */
	private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final AuditLog log;

	private final Clock clock;

	private final TransactionTemplate transaction;

	IdentityAudit(AuditLog log, Clock clock, PlatformTransactionManager transactionManager) {
		this.log = log;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/**
	 * Runs the write in a transaction; if it throws, records the refusal under the given
	 * resource once the transaction has rolled back, and rethrows.
	 */
	<T> T write(Write write, AuditActor actor, String resource, Supplier<T> change) {
		T result;
		try {
			result = this.transaction.execute((status) -> change.get());
		}
		catch (RuntimeException ex) {
			refused(write, actor, resource, ex);
			throw ex;
		}
		if (result == null) {
			throw new IllegalStateException("a write returned nothing");
		}
		return result;
	}

	/** Records the write's success in the write's own transaction. */
	void succeeded(Write write, AuditActor actor, String resource) {
		this.log.recordInTransaction(actor.event(write.type(), AuditOutcome.SUCCESS, this.clock.instant(),
				write.action(), resource, write.success()));
	}

	/**
	 * Records the success of a directory write, after it, in a short transaction of its
	 * own: no transaction may span the directory's network call, and the directory cannot
	 * roll back with the database anyway.
	 */
	void succeededInDirectory(Write write, AuditActor actor, String resource) {
		this.log.record(actor.event(write.type(), AuditOutcome.SUCCESS, this.clock.instant(), write.action(), resource,
				write.success() + " in the directory"));
	}

	/**
	 * Records a refusal or failure in a short transaction of its own; call it only when
	 * no transaction is open, after the write's has rolled back.
	 */
	void refused(Write write, AuditActor actor, String resource, RuntimeException cause) {
		this.log.record(actor.event(write.type(), AuditOutcome.FAILURE, this.clock.instant(), write.action(), resource,
				reasonOf(cause)));
	}

	static String reasonOf(RuntimeException cause) {
		if (cause instanceof IdentityException refusal) {
			return "refused: " + refusal.error().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		}
		if (cause instanceof ConcurrencyFailureException) {
			return "refused: concurrent modification";
		}
		return "failed";
	}

	/**
	 * Who made a change, as the created_by and updated_by columns keep it: the caller's
	 * account, or {@code system}.
	 */
	static String changedBy(AuditActor actor) {
		return (actor.accountId() != null) ? actor.accountId() : "system";
	}

	/**
	 * The store as a resource, {@code identitystore/<id>}. The id comes from a request's
	 * path, so an id that no store could have is not repeated.
	 */
	static String store(String identityStoreId) {
		return "identitystore/" + (STORE_ID.matcher(identityStoreId).matches() ? identityStoreId : "(invalid id)");
	}

	static String user(String identityStoreId, UUID userId) {
		return store(identityStoreId) + "/user/" + userId;
	}

	static String group(String identityStoreId, UUID groupId) {
		return store(identityStoreId) + "/group/" + groupId;
	}

	/** A membership as CreateGroupMembership names it: its group and its user. */
	static String member(String identityStoreId, UUID groupId, UUID userId) {
		return group(identityStoreId, groupId) + "/member/" + userId;
	}

	/** A membership as DeleteGroupMembership names it: by its own id. */
	static String membership(String identityStoreId, UUID membershipId) {
		return store(identityStoreId) + "/group-membership/" + membershipId;
	}

	/**
	 * The audited writes: the event type, the action in the faces' naming, and the reason
	 * of a success.
	 */
	enum Write {

		CREATE_USER(AuditEventType.USER_CREATED, "identitystore:user:create", "the user was created"),

		UPDATE_USER(AuditEventType.USER_UPDATED, "identitystore:user:update", "the user's attributes were changed"),

		DELETE_USER(AuditEventType.USER_DELETED, "identitystore:user:delete",
				"the user and its group memberships were deleted"),

		ENABLE_USER(AuditEventType.USER_ENABLED, "identitystore:user:enable", "the user was enabled"),

		DISABLE_USER(AuditEventType.USER_DISABLED, "identitystore:user:disable", "the user was disabled"),

		CREATE_GROUP(AuditEventType.GROUP_CREATED, "identitystore:group:create", "the group was created"),

		UPDATE_GROUP(AuditEventType.GROUP_UPDATED, "identitystore:group:update", "the group's attributes were changed"),

		DELETE_GROUP(AuditEventType.GROUP_DELETED, "identitystore:group:delete",
				"the group and its memberships were deleted"),

		CREATE_MEMBERSHIP(AuditEventType.GROUP_MEMBERSHIP_CREATED, "identitystore:groupMembership:create",
				"the user was added to the group"),

		DELETE_MEMBERSHIP(AuditEventType.GROUP_MEMBERSHIP_DELETED, "identitystore:groupMembership:delete",
				"the user was removed from the group");

		private final AuditEventType type;

		private final String action;

		private final String success;

		Write(AuditEventType type, String action, String success) {
			this.type = type;
			this.action = action;
			this.success = success;
		}

		AuditEventType type() {
			return this.type;
		}

		String action() {
			return this.action;
		}

		String success() {
			return this.success;
		}

	}

}
