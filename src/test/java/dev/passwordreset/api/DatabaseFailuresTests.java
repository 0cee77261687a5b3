package dev.passwordreset.api;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The failures of a database restart, as bench/faults met them: a connection the server
 * ended in the middle of a transaction, whose rollback then failed too.
 */
class DatabaseFailuresTests {

	@Test
	void aConnectionClosedUnderATransactionIsTheDatabaseBeingAwayWhateverWrapsIt() {
		// What JPA reported when PostgreSQL stopped: the pool's "Connection is closed",
		// under Hibernate's "Unable to rollback against JDBC Connection".
		JpaSystemException rollbackFailed = new JpaSystemException(new PersistenceException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));
		assertThat(DatabaseFailures.isDatabaseUnavailable(rollbackFailed)).isTrue();
	}

	@Test
	void thePoolStillSaysSoForAConnectionItClosed() throws SQLException {
		// The words the check relies on are HikariCP's: an upgrade that changes them
		// fails here.
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:closed-by-the-pool");
		config.setMaximumPoolSize(1);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			Connection connection = pool.getConnection();
			connection.close();
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::rollback)
				.matches(DatabaseFailures::isDatabaseUnavailable);
		}
	}

	@Test
	void aServerShuttingDownIsTheDatabaseBeingAway() {
		SQLException adminShutdown = new SQLException("terminating connection due to administrator command", "57P01");
		assertThat(DatabaseFailures.isDatabaseUnavailable(new IllegalStateException(adminShutdown))).isTrue();
		assertThat(DatabaseFailures.isDatabaseUnavailable(new CannotCreateTransactionException("no connection")))
			.isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseFailures.isDatabaseUnavailable(
				new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
			.isFalse();
		assertThat(DatabaseFailures.isDatabaseUnavailable(new IllegalStateException("a bug"))).isFalse();
		assertThat(DatabaseFailures.isDatabaseUnavailable(new SQLException("Connection is closed", "HY000"))).isFalse();
	}

	@Test
	void aCycleOfCausesEnds() {
		IllegalStateException first = new IllegalStateException();
		IllegalArgumentException second = new IllegalArgumentException(first);
		first.initCause(second);
		assertThat(DatabaseFailures.isDatabaseUnavailable(first)).isFalse();
	}

	@Test
	void aFilterThatLostTheDatabaseIsAnswered503() throws IOException {
		// The caller's authentication runs in a filter, outside the faces' exception
		// handlers: the
		// container sends its failure to the error page.
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v1/instances");
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new JpaSystemException(
				new PersistenceException("Unable to rollback", new SQLException("Connection is closed"))));
		RecordingRenderer renderer = new RecordingRenderer();
		new ErrorPageController(List.of(renderer)).error(request, new MockHttpServletResponse());
		assertThat(renderer.status).isEqualTo(503);
	}

	@Test
	void aFilterThatFailedOtherwiseIsStillA500() throws IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("a bug"));
		RecordingRenderer renderer = new RecordingRenderer();
		new ErrorPageController(List.of(renderer)).error(request, new MockHttpServletResponse());
		assertThat(renderer.status).isEqualTo(500);
	}

	private static final class RecordingRenderer implements ErrorPageRenderer {

		int status;

		@Override
		public boolean owns(String path) {
			return true;
		}

		@Override
		public void render(HttpServletRequest request, HttpServletResponse response, int status, String message) {
			this.status = status;
		}

	}

}
