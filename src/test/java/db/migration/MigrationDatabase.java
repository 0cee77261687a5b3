package db.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of one migration test's own: an H2 in memory, or a fresh schema of the
 * PostgreSQL pass (system property {@code test.database=postgresql}), dropped on close.
 */
final class MigrationDatabase implements AutoCloseable {

	private final String schema;

	private final Connection connection;

	private MigrationDatabase(String url, String schema) throws SQLException {
		this.schema = schema;
		this.connection = DriverManager.getConnection(url, user(), password());
	}

	static MigrationDatabase create() throws SQLException {
		String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
		if (!"postgresql".equals(System.getProperty("test.database"))) {
			return new MigrationDatabase("jdbc:h2:mem:migration-" + suffix + ";DB_CLOSE_DELAY=-1", null);
		}
		String adminUrl = System.getProperty("test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
		String schema = "migration_" + suffix;
		try (Connection admin = DriverManager.getConnection(adminUrl, user(), password());
				Statement statement = admin.createStatement()) {
			statement.execute("create schema " + schema);
		}
		return new MigrationDatabase(adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema,
				schema);
	}

	Connection connection() {
		return this.connection;
	}

	/**
	 * Migrates up to {@code target}, or to the latest version when it is null, on this
	 * database's own connection: H2 evaluates a check constraint in the session that made
	 * it, and fails once that session is closed.
	 */
	void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(new SingleConnectionDataSource(this.connection, true))
			.locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
	}

	@Override
	public void close() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute((this.schema != null) ? "drop schema " + this.schema + " cascade" : "shutdown");
		}
		finally {
			this.connection.close();
		}
	}

	private static String user() {
		return "postgresql".equals(System.getProperty("test.database"))
				? System.getProperty("test.postgresql.username", "postgres") : "sa";
	}

	private static String password() {
		return "postgresql".equals(System.getProperty("test.database"))
				? System.getProperty("test.postgresql.password", "") : "";
	}

}
