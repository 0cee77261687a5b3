package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * The new indexes start with the old ones' columns, so the old ones go, except where H2
 * made an old index carry a foreign key: H2 refuses to drop such an index, and makes an
 * index of its own again if the foreign key is made again, so that one stays.
 */
public class V18__Index_live_tokens extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		boolean h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("create index ix_reset_token_user_live on reset_token (user_id, invalidated_at, consumed_at)");
			ddl.execute("create index ix_one_time_code_user_live"
					+ " on one_time_code (user_id, invalidated_at, consumed_at, app_name)");
			for (String old : new String[] { "ix_reset_token_user", "ix_one_time_code_user" }) {
				if (!h2 || !carriesConstraintOnH2(connection, old)) {
					ddl.execute("drop index " + old);
				}
			}
		}
	}

	private static boolean carriesConstraintOnH2(Connection connection, String index) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("""
				select count(*) from information_schema.table_constraints
				where table_schema = current_schema and index_name = ?""")) {
			query.setString(1, index.toUpperCase(Locale.ROOT));
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() && rows.getLong(1) > 0;
			}
		}
	}

}
