package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Indexes the live reset tokens and one-time codes of a user. Issuing a link or a code,
 * and every password change, invalidate the user's live ones ("where user_id = ? and
 * consumed_at is null and invalidated_at is null"). Indexed on the user alone, that
 * update read every token or code the user was ever sent and fetched each row to test the
 * two columns: under an administrator's burst of resets it cost as much as the rate
 * limit. With the two columns in the index, H2 and PostgreSQL alike go straight to the
 * live rows, at most a few.
 * <p>
 * The new indexes replace the old ones, whose only column they start with, and so still
 * serve the foreign keys to the user. H2 ties a foreign key to the index it was made with
 * and refuses to drop that index, so on H2 each foreign key is made again (with the same
 * rule) once the new index is there to carry it; PostgreSQL keeps its foreign keys apart
 * from indexes. The names of the constraints, generated when the tables were made, are
 * read from the catalogue.
 */
public class V18__Index_live_tokens extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		boolean h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
		replaceUserIndex(connection, h2, "reset_token", "ix_reset_token_user", "ix_reset_token_user_live",
				"user_id, invalidated_at, consumed_at");
		replaceUserIndex(connection, h2, "one_time_code", "ix_one_time_code_user", "ix_one_time_code_user_live",
				"user_id, invalidated_at, consumed_at, app_name");
	}

	private void replaceUserIndex(Connection connection, boolean h2, String table, String oldIndex, String newIndex,
			String columns) throws SQLException {
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("create index " + newIndex + " on " + table + " (" + columns + ")");
			List<String> foreignKeys = h2 ? foreignKeys(connection, table) : List.of();
			for (String foreignKey : foreignKeys) {
				ddl.execute("alter table " + table + " drop constraint \"" + foreignKey + "\"");
			}
			ddl.execute("drop index " + oldIndex);
			if (!foreignKeys.isEmpty()) {
				ddl.execute("alter table " + table
						+ " add foreign key (user_id) references store_user (id) on delete cascade");
			}
		}
	}

	/** H2's foreign keys of the table: V6 and V8 made exactly one each, on user_id. */
	private static List<String> foreignKeys(Connection connection, String table) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement("""
				select constraint_name from information_schema.table_constraints
				where table_schema = current_schema and table_name = ? and constraint_type = 'FOREIGN KEY'""")) {
			query.setString(1, table.toUpperCase(Locale.ROOT));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					names.add(rows.getString(1));
				}
			}
		}
		if (names.size() != 1) {
			throw new SQLException("Expected one foreign key on " + table + ", found " + names);
		}
		return names;
	}

}
