package dev.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Prepares the database of a test run before any Spring context starts, through system
 * properties that every context reads.
 * <ul>
 * <li>{@code test.database=h2} (the default): a fresh in-memory H2 database.</li>
 * <li>{@code test.database=postgresql}: a fresh schema on the PostgreSQL at
 * {@code test.postgresql.url}, dropped when the run ends. When none answers, a
 * Testcontainers PostgreSQL if Docker is there; otherwise the pass is skipped with a
 * message, except under {@code CI=true}, where it fails.</li>
 * </ul>
 */
public class TestEnvironment implements LauncherSessionListener {

	static volatile String postgresUnavailableReason;

	/** The session's environment, for contexts that need a database of their own. */
	private static volatile TestEnvironment current;

	private final List<String> ownSchemas = new CopyOnWriteArrayList<>();

	private String schema;

	private String adminUrl;

	private String username;

	private String password;

	private PostgreSQLContainer container;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		current = this;
		TestSecrets.captureOutput();
		TestSecrets.remember(TestCredentials.MANAGEMENT.secret());
		setDefault("reset.data-dir", dataDirectory().toString());
		setDefault("reset.bootstrap.management-account-id", TestCredentials.MANAGEMENT_ACCOUNT_ID);
		setDefault("reset.bootstrap.access-key-id", TestCredentials.MANAGEMENT.accessKeyId());
		setDefault("reset.bootstrap.secret-access-key", TestCredentials.MANAGEMENT.secret());
		setDefault("spring.main.banner-mode", "off");
		setDefault("logging.level.root", "WARN");
		setDefault("logging.level.dev.passwordreset", "INFO");
		// bcrypt at the production strength of 12 costs about 240 ms per hash or check on
		// the 2-core build machine;
		// 10 costs about 60 ms, and every password set or history check in the suite pays
		// it.
		setDefault("reset.password.bcrypt-strength", "10");
		// Bursts of 20 hashes on a loaded 2-core runner can queue past the production
		// wait of 2 s; the suite's
		// concurrency tests are about who wins, and HashingBackPressureTests sets its own
		// short wait.
		setDefault("reset.password.hashing.max-wait", "1m");
		// The suite's own failed authentications come from 127.0.0.1 and would throttle
		// each other; the throttle's tests send from other loopback addresses
		// (HttpApi.from).
		setDefault("reset.security.authentication-throttle.exempt-addresses", "127.0.0.1,::1");
		// No context of the suite polls the shared mail outbox by itself; mail tests call
		// the worker.
		setDefault("reset.mail.worker-enabled", "false");
		if (isPostgresPass()) {
			preparePostgres();
		}
		else {
			setDefault("spring.datasource.url", ownDatabaseUrl("reset"));
		}
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		if (this.schema != null && this.container == null) {
			List<String> schemas = new ArrayList<>(this.ownSchemas);
			schemas.add(this.schema);
			try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
					Statement statement = connection.createStatement()) {
				for (String schema : schemas) {
					statement.execute("drop schema if exists " + schema + " cascade");
				}
			}
			catch (SQLException ex) {
				System.err.println("Could not drop test schemas " + schemas + ": " + ex.getMessage());
			}
		}
		if (this.container != null) {
			this.container.stop();
		}
	}

	/**
	 * A fresh database for a context that must not share the run's: in the PostgreSQL
	 * pass a schema of its own beside the run's (dropped with it), otherwise a fresh
	 * in-memory H2 database.
	 * @param purpose a short lower-case name for the database, for whoever reads the logs
	 * @return the JDBC URL to set as {@code spring.datasource.url}
	 */
	public static String ownDatabaseUrl(String purpose) {
		TestEnvironment environment = current;
		if (isPostgresPass() && environment != null && environment.schema != null) {
			return environment.ownSchemaUrl(purpose);
		}
		return "jdbc:h2:mem:" + purpose + "-" + randomHex()
				+ ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128";
	}

	private String ownSchemaUrl(String purpose) {
		String name = this.schema + "_" + purpose.replaceAll("[^a-z0-9]", "");
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("create schema " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test schema " + name, ex);
		}
		this.ownSchemas.add(name);
		return schemaUrl(name);
	}

	private String schemaUrl(String schema) {
		String separator = this.adminUrl.contains("?") ? "&" : "?";
		// Without waiting for the WAL to reach the disk at each commit: about 3 ms a
		// commit on the 2-core build machine, 0.4 ms without, and every request of the
		// suite commits several times (its audit and its rate limits in transactions of
		// their own). Only what a crash of the server would keep changes; what a
		// transaction sees, locks and makes visible does not.
		return this.adminUrl + separator + "currentSchema=" + schema + "&options=-c%20synchronous_commit%3Doff";
	}

	static boolean isPostgresPass() {
		return "postgresql".equals(System.getProperty("test.database"));
	}

	private void preparePostgres() {
		this.adminUrl = System.getProperty("test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
		this.username = System.getProperty("test.postgresql.username", "postgres");
		this.password = System.getProperty("test.postgresql.password", "");
		try {
			createSchema();
		}
		catch (SQLException ex) {
			String reason = "no PostgreSQL answers at " + this.adminUrl + " (" + ex.getMessage() + ")";
			if (!startContainer()) {
				postgresUnavailableReason = reason + " and no Docker engine is available";
				System.err.println();
				System.err.println("*** PostgreSQL test pass SKIPPED: " + postgresUnavailableReason);
				System.err.println();
				return;
			}
		}
		System.setProperty("spring.datasource.url", schemaUrl(this.schema));
		System.setProperty("spring.datasource.username", this.username);
		System.setProperty("spring.datasource.password", this.password);
		System.out.println("PostgreSQL test pass on " + this.adminUrl + ", schema " + this.schema);
	}

	private void createSchema() throws SQLException {
		DriverManager.setLoginTimeout(5);
		String name = "reset_test_" + randomHex();
		try (Connection connection = DriverManager.getConnection(this.adminUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("create schema " + name);
		}
		this.schema = name;
	}

	private boolean startContainer() {
		try {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				return false;
			}
			this.container = new PostgreSQLContainer("postgres:17-alpine");
			this.container.start();
			this.adminUrl = this.container.getJdbcUrl();
			this.username = this.container.getUsername();
			this.password = this.container.getPassword();
			createSchema();
			return true;
		}
		catch (RuntimeException | SQLException ex) {
			return false;
		}
	}

	private static Path dataDirectory() {
		try {
			Path target = Path.of("target");
			Files.createDirectories(target);
			return Files.createTempDirectory(target.toAbsolutePath(), "test-data-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void setDefault(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

	private static String randomHex() {
		byte[] bytes = new byte[6];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
