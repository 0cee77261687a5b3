package dev.passwordreset.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import dev.passwordreset.ldap.DirectoryUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that was briefly away (a restart, a failover, a dropped connection)
 * from a bug, so that the request is answered 503 with {@code Retry-After} rather than
 * 500. Spring's translation does not always say so: when the server ends a connection in
 * the middle of a transaction, the rollback that follows fails too, and JPA reports that
 * as a {@code JpaSystemException} that hides the cause; and a failure in a security
 * filter never reaches the faces' exception handlers. So the causes are searched for the
 * connection's own signs.
 */
public final class DatabaseFailures {

	/**
	 * Enough for Spring's, Hibernate's, the pool's and the driver's wrappers, and no
	 * cycle.
	 */
	private static final int MAX_CAUSES = 16;

	private DatabaseFailures() {
	}

	/**
	 * Whether the failure, or one of its causes, says the database could not be reached
	 * or dropped the connection.
	 */
	public static boolean isDatabaseUnavailable(Throwable failure) {
		Throwable cause = failure;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedByThePool(sql))) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	/**
	 * What could not be reached, for a log line: the directory of an LDAP identity store,
	 * named by the store (never its address or bind secret), or else the database.
	 */
	public static String whatWasUnavailable(Throwable failure) {
		Throwable cause = failure;
		for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
			if (cause instanceof DirectoryUnavailableException directory) {
				return "Directory of identity store " + directory.storeName();
			}
			cause = cause.getCause();
		}
		return "Database";
	}

	/**
	 * SQLSTATE class 08 is a connection exception; 57P01 to 57P03 are PostgreSQL's
	 * administrator shutdown, crash shutdown and "cannot connect now" while it starts.
	 */
	private static boolean isConnectionState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P"));
	}

	/**
	 * HikariCP closes a connection once the server has ended it (one of the states
	 * above), and answers any later use, such as the rollback that follows, with a bare
	 * "Connection is closed": nothing was sent, so nothing was committed.
	 */
	private static boolean isClosedByThePool(SQLException sql) {
		return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
	}

}
