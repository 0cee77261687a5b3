package dev.passwordreset.ldap;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The directory did not answer, or not in time, or refused the service's own bind: the
 * request changed nothing and may be retried. A resource failure like the database's, so
 * every face answers it as it answers a database that went away: 503 with
 * {@code Retry-After}.
 */
public class DirectoryUnavailableException extends DataAccessResourceFailureException {

	private final String storeName;

	DirectoryUnavailableException(String storeName, String message) {
		super(message);
		this.storeName = storeName;
	}

	/**
	 * The identity store whose directory failed, for a log line: a name, never a
	 * connection detail or secret.
	 */
	public String storeName() {
		return this.storeName;
	}

}
