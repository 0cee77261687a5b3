package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.passwordreset.identity.Identifiers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The upgrade re-keys the users a database already holds: on a database of its own (an H2
 * in memory, or a fresh schema of the PostgreSQL pass), migrated up to the version
 * before, filled, then migrated to the end.
 */
@Tag("database")
class NormalizeIdentifiersMigrationTests {

	private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	@RegisterExtension
	final MigrationDatabase database = new MigrationDatabase();

	@Test
	void existingUsersAreRekeyedAndOfTwoThatNowClashTheOlderKeepsTheName() throws SQLException {
		this.database.migrate("8");
		insertStore("d-0000000001", "one");
		insertStore("d-0000000002", "two");
		Map<String, UUID> ids = new HashMap<>();
		int minute = 0;
		for (String name : new String[] { "alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45", "\u0430lice", "Bob", "\uFB01ona",
				"\uFF23arol" }) {
			ids.put(name, insertUser("d-0000000001", name, minute++));
		}
		UUID otherStoresAlice = insertUser("d-0000000002", "\u0430lice", minute++);
		insertEmail(ids.get("Bob"), "Bob@Example.COM");

		this.database.migrate(null);

		assertThat(key(ids.get("alice"))).isEqualTo("alice");
		assertThat(skeleton(ids.get("alice"))).isEqualTo(Identifiers.skeletonDigest("alice"));
		assertThat(key(ids.get("\uFF41\uFF4C\uFF49\uFF43\uFF45")))
			.as("alice holds its new key, so it keeps its old one")
			.isEqualTo("\uFF41\uFF4C\uFF49\uFF43\uFF45");
		assertThat(skeleton(ids.get("\uFF41\uFF4C\uFF49\uFF43\uFF45"))).as("a younger look-alike").isNull();
		assertThat(skeleton(ids.get("\u0430lice"))).as("a younger look-alike").isNull();
		assertThat(skeleton(otherStoresAlice)).as("look-alikes are compared per store")
			.isEqualTo(Identifiers.skeletonDigest("alice"));
		assertThat(key(ids.get("Bob"))).isEqualTo("bob");
		assertThat(key(ids.get("\uFB01ona"))).as("a name the profile refuses keeps its key").isEqualTo("\uFB01ona");
		assertThat(key(ids.get("\uFF23arol"))).as("a free new key is taken").isEqualTo("carol");
		assertThat(emailKeyDigest(ids.get("Bob"))).isEqualTo(Identifiers.emailKeyDigest("bob@example.com"));

		assertThatExceptionOfType(SQLException.class).as("the unique index refuses a second skeleton in a store")
			.isThrownBy(() -> insertUser("d-0000000001", "al\u0131ce", Identifiers.skeletonDigest("alice"), 99));
		insertUser("d-0000000001", "dave", Identifiers.skeletonDigest("dave"), 100);
	}

	private void insertStore(String id, String name) throws SQLException {
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into identity_store (id, name, name_key, instance_id, created_at, created_by, version)
				values (?, ?, ?, ?, ?, 'test', 0)""")) {
			insert.setString(1, id);
			insert.setString(2, name);
			insert.setString(3, name);
			insert.setString(4, "ins-" + id);
			insert.setTimestamp(5, Timestamp.from(CREATED));
			insert.executeUpdate();
		}
	}

	/**
	 * A user as the service wrote them before the upgrade: the key lower-cased, nothing
	 * more.
	 */
	private UUID insertUser(String storeId, String userName, int minute) throws SQLException {
		return insertUser(storeId, userName, null, minute);
	}

	private UUID insertUser(String storeId, String userName, String skeleton, int minute) throws SQLException {
		UUID id = UUID.randomUUID();
		boolean upgraded = skeleton != null;
		try (PreparedStatement insert = this.database.connection()
			.prepareStatement("insert into store_user (id, identity_store_id,"
					+ " user_name, user_name_key, enabled, email_verified, password_change_required, created_at, created_by,"
					+ " updated_at, updated_by, version" + (upgraded ? ", user_name_skeleton" : "")
					+ ") values (?, ?, ?, ?, true, false, false, ?, 'test', ?, 'test', 0" + (upgraded ? ", ?" : "")
					+ ")")) {
			insert.setObject(1, id);
			insert.setString(2, storeId);
			insert.setString(3, userName);
			insert.setString(4, userName.toLowerCase(java.util.Locale.ROOT));
			insert.setTimestamp(5, Timestamp.from(CREATED.plusSeconds(60L * minute)));
			insert.setTimestamp(6, Timestamp.from(CREATED.plusSeconds(60L * minute)));
			if (upgraded) {
				insert.setString(7, skeleton);
			}
			insert.executeUpdate();
		}
		return id;
	}

	private void insertEmail(UUID userId, String email) throws SQLException {
		try (PreparedStatement insert = this.database.connection().prepareStatement("""
				insert into store_user_email (user_id, position, email_value, is_primary, verification_status)
				values (?, 0, ?, true, 'NOT_VERIFIED')""")) {
			insert.setObject(1, userId);
			insert.setString(2, email);
			insert.executeUpdate();
		}
	}

	private String key(UUID userId) throws SQLException {
		return column("select user_name_key from store_user where id = ?", userId);
	}

	private String skeleton(UUID userId) throws SQLException {
		return column("select user_name_skeleton from store_user where id = ?", userId);
	}

	private String emailKeyDigest(UUID userId) throws SQLException {
		return column("select email_key_digest from store_user_email where user_id = ?", userId);
	}

	private String column(String query, UUID id) throws SQLException {
		try (PreparedStatement select = this.database.connection().prepareStatement(query)) {
			select.setObject(1, id);
			try (ResultSet row = select.executeQuery()) {
				assertThat(row.next()).isTrue();
				return row.getString(1);
			}
		}
	}

}
