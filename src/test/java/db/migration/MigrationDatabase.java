package db.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.Assert;

/**
 * A database of each test's own: an H2 in memory, or a fresh schema of the PostgreSQL
 * pass (system property {@code test.database=postgresql}), made before each test and
 * dropped after it. Register it with {@code @RegisterExtension}.
 */
final class MigrationDatabase implements BeforeEachCallback, AfterEachCallback {

	private @Nullable String schema;

	private @Nullable Connection connection;

	@Override
	public void beforeEach(ExtensionContext context) throws SQLException {
		String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
		if (!"postgresql".equals(System.getProperty("test.database"))) {
			this.schema = null;
			this.connection = DriverManager.getConnection("jdbc:h2:mem:migration-" + suffix + ";DB_CLOSE_DELAY=-1",
					user(), password());
			return;
		}
		String adminUrl = System.getProperty("test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
		this.schema = "migration_" + suffix;
		try (Connection admin = DriverManager.getConnection(adminUrl, user(), password());
				Statement statement = admin.createStatement()) {
			statement.execute("create schema " + this.schema);
		}
		this.connection = DriverManager.getConnection(
				adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + this.schema, user(), password());
	}

	@Override
	public void afterEach(ExtensionContext context) throws SQLException {
		try (Statement statement = connection().createStatement()) {
			statement.execute((this.schema != null) ? "drop schema " + this.schema + " cascade" : "shutdown");
		}
		finally {
			connection().close();
			this.connection = null;
		}
	}

	Connection connection() {
		Assert.state(this.connection != null, "Only while a test runs");
		return this.connection;
	}

	/**
	 * Migrates up to {@code target}, or to the latest version when it is null, on this
	 * database's own connection: H2 evaluates a check constraint in the session that made
	 * it, and fails once that session is closed.
	 */
	void migrate(String target) {
		var configuration = Flyway.configure()
			.dataSource(new SingleConnectionDataSource(connection(), true))
			.locations("classpath:db/migration");
		if (target != null) {
			configuration.target(target);
		}
		configuration.load().migrate();
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
