package dev.passwordreset;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which database a {@link JdbcTemplate} talks to, for the few statements that differ
 * between H2 and PostgreSQL; read once, from the driver of the first connection asked.
 */
public final class DatabaseProduct {

	private final JdbcTemplate jdbc;

	private volatile @Nullable Boolean postgresql;

	public DatabaseProduct(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public boolean isPostgresql() {
		Boolean postgresql = this.postgresql;
		if (postgresql == null) {
			postgresql = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> "PostgreSQL"
				.equals(connection.getMetaData().getDatabaseProductName()));
			this.postgresql = postgresql;
		}
		return Boolean.TRUE.equals(postgresql);
	}

}
