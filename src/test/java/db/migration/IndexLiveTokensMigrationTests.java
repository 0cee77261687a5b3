package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The upgrade that indexes the live tokens and codes keeps what the old indexes carried:
 * the rows already there, the foreign keys to the user with their cascade, on a database
 * of its own (an H2 in memory, or a fresh schema of the PostgreSQL pass) migrated up to
 * the version before, filled, then migrated to the end.
 */
@Tag("database")
class IndexLiveTokensMigrationTests {

	private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant INVALIDATED = CREATED.plusSeconds(60);

	@RegisterExtension
	final MigrationDatabase database = new MigrationDatabase();

	@Test
	void invalidatingFindsOnlyTheLiveTokensAndCodesAndTheUserStillOwnsThem() throws SQLException {
		this.database.migrate("17");
		insertStore();
		UUID alice = insertUser("alice");
		UUID bob = insertUser("bob");
		insertToken(alice, null);
		insertToken(alice, CREATED);
		insertToken(bob, null);
		insertCode(alice, "app", null);
		insertCode(alice, "other", null);
		insertCode(alice, "app", CREATED);

		this.database.migrate(null);

		// The statements the service runs (ResetTokenStore, OneTimeCodeStore).
		assertThat(update("update reset_token set invalidated_at = ? where user_id = ?"
				+ " and consumed_at is null and invalidated_at is null", INVALIDATED, alice))
			.isEqualTo(1);
		assertThat(update("update one_time_code set invalidated_at = ? where user_id = ? and app_name = 'app'"
				+ " and consumed_at is null and invalidated_at is null", INVALIDATED, alice))
			.isEqualTo(1);
		assertThat(count("select count(*) from reset_token where user_id = ? and invalidated_at is null", bob))
			.isEqualTo(1);
		assertThat(count("select count(*) from one_time_code where user_id = ? and invalidated_at is null", alice))
			.isEqualTo(1);
		assertThatExceptionOfType(SQLException.class).as("a token of nobody is refused: the foreign key is still there")
			.isThrownBy(() -> insertToken(UUID.randomUUID(), null));
		assertThatExceptionOfType(SQLException.class).as("a code of nobody is refused: the foreign key is still there")
			.isThrownBy(() -> insertCode(UUID.randomUUID(), "app", null));

		update("delete from store_user where id = ?", alice);

		assertThat(count("select count(*) from reset_token where user_id = ?", alice)).isZero();
		assertThat(count("select count(*) from one_time_code where user_id = ?", alice)).isZero();
		assertThat(count("select count(*) from reset_token where user_id = ?", bob)).isEqualTo(1);
	}

	private void insertStore() throws SQLException {
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into identity_store (id, name, name_key, instance_id, created_at, created_by, version)
				values ('d-0000000001', 'one', 'one', 'ins-1', ?, 'test', 0)""")) {
			insert.setTimestamp(1, Timestamp.from(CREATED));
			insert.executeUpdate();
		}
	}

	private UUID insertUser(String name) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into store_user (id, identity_store_id, user_name, user_name_key, user_name_skeleton, enabled,
				  email_verified, password_change_required, created_at, created_by, updated_at, updated_by, version)
				values (?, 'd-0000000001', ?, ?, ?, true, false, false, ?, 'test', ?, 'test', 0)""")) {
			insert.setObject(1, id);
			insert.setString(2, name);
			insert.setString(3, name);
			insert.setString(4, name);
			insert.setTimestamp(5, Timestamp.from(CREATED));
			insert.setTimestamp(6, Timestamp.from(CREATED));
			insert.executeUpdate();
		}
		return id;
	}

	private void insertToken(UUID userId, Instant invalidatedAt) throws SQLException {
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into reset_token (id, token_hash, user_id, identity_store_id, purpose, created_at, expires_at,
				  invalidated_at)
				values (?, ?, ?, 'd-0000000001', 'PASSWORD_RESET', ?, ?, ?)""")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, UUID.randomUUID().toString());
			insert.setObject(3, userId);
			insert.setTimestamp(4, Timestamp.from(CREATED));
			insert.setTimestamp(5, Timestamp.from(CREATED.plusSeconds(3600)));
			insert.setTimestamp(6, (invalidatedAt != null) ? Timestamp.from(invalidatedAt) : null);
			insert.executeUpdate();
		}
	}

	private void insertCode(UUID userId, String appName, Instant invalidatedAt) throws SQLException {
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into one_time_code (id, correlation_id, code_hmac, user_id, identity_store_id, app_name,
				  created_at, expires_at, attempts, max_attempts, invalidated_at)
				values (?, ?, 'hmac', ?, 'd-0000000001', ?, ?, ?, 0, 5, ?)""")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setString(2, UUID.randomUUID().toString());
			insert.setObject(3, userId);
			insert.setString(4, appName);
			insert.setTimestamp(5, Timestamp.from(CREATED));
			insert.setTimestamp(6, Timestamp.from(CREATED.plusSeconds(900)));
			insert.setTimestamp(7, (invalidatedAt != null) ? Timestamp.from(invalidatedAt) : null);
			insert.executeUpdate();
		}
	}

	private int update(String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = this.database.connection().prepareStatement(sql)) {
			bind(statement, parameters);
			return statement.executeUpdate();
		}
	}

	private long count(String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = this.database.connection().prepareStatement(sql)) {
			bind(statement, parameters);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i] instanceof Instant instant) {
				statement.setTimestamp(i + 1, Timestamp.from(instant));
			}
			else {
				statement.setObject(i + 1, parameters[i]);
			}
		}
	}

}
