package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.Identifiers;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares user names and email addresses in their normalized forms (see
 * {@link Identifiers}) and refuses look-alike user names with a unique index on each
 * name's UTS #39 skeleton, per store.
 * <p>
 * Existing rows get their keys recomputed here, in Java, because the normal forms come
 * from Unicode libraries no SQL dialect has. Flyway runs it under its schema lock, so of
 * several instances starting at once exactly one backfills and the others wait for it.
 * Rows that already clash under the new rules are kept, oldest first: a later user whose
 * new key another holds keeps its old key, and a later look-alike gets no skeleton, so
 * neither can be found by the other's name. Each is logged by id, for an administrator to
 * rename.
 * <p>
 * Only portable DDL, for H2 and PostgreSQL alike.
 */
public class V9__Normalize_identifiers extends BaseJavaMigration {

	private static final Logger logger = LoggerFactory.getLogger(V9__Normalize_identifiers.class);

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("alter table store_user add column user_name_skeleton varchar(64)");
			ddl.execute("alter table store_user_email add column email_key_digest varchar(64)");
		}
		backfillUserNames(connection);
		backfillEmailKeys(connection);
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("alter table store_user_email alter column email_key_digest set not null");
			// Several null skeletons (look-alikes that predate the rule) are allowed by
			// both databases.
			ddl.execute(
					"create unique index uk_store_user_skeleton on store_user (identity_store_id, user_name_skeleton)");
			ddl.execute("create index ix_store_user_email_key on store_user_email (email_key_digest)");
		}
	}

	private void backfillUserNames(Connection connection) throws SQLException {
		Map<String, List<StoredUser>> byStore = new LinkedHashMap<>();
		try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery("""
				select id, identity_store_id, user_name, user_name_key from store_user
				order by identity_store_id, created_at, id""")) {
			while (rows.next()) {
				StoredUser user = new StoredUser(rows.getObject(1), rows.getString(2), rows.getString(3),
						rows.getString(4));
				byStore.computeIfAbsent(user.storeId(), (store) -> new ArrayList<>()).add(user);
			}
		}
		try (PreparedStatement update = connection
			.prepareStatement("update store_user set user_name_key = ?, user_name_skeleton = ? where id = ?")) {
			for (List<StoredUser> users : byStore.values()) {
				// Every old key stays taken, so no update can meet the unique key on its
				// way.
				Set<String> keys = new HashSet<>();
				users.forEach((user) -> keys.add(user.key()));
				Set<String> skeletons = new HashSet<>();
				for (StoredUser user : users) {
					String key = newKey(user, keys);
					String skeleton = Identifiers.skeletonDigest(key);
					if (!skeletons.add(skeleton)) {
						logger.warn("User {} of identity store {} looks like an older user of the store; rename it",
								user.id(), user.storeId());
						skeleton = null;
					}
					update.setString(1, key);
					update.setString(2, skeleton);
					update.setObject(3, user.id());
					update.addBatch();
				}
			}
			update.executeBatch();
		}
	}

	private static String newKey(StoredUser user, Set<String> keys) {
		String key;
		try {
			key = Identifiers.userNameKey(user.userName());
		}
		catch (IdentityException ex) {
			logger.warn("The name of user {} of identity store {} breaks the PRECIS user-name profile;"
					+ " it cannot sign in until renamed", user.id(), user.storeId());
			return user.key();
		}
		if (key.equals(user.key())) {
			return key;
		}
		if (key.length() > 128 || !keys.add(key)) {
			logger.warn("The normalized name of user {} of identity store {} is another user's; rename it", user.id(),
					user.storeId());
			return user.key();
		}
		return key;
	}

	private void backfillEmailKeys(Connection connection) throws SQLException {
		try (Statement query = connection.createStatement();
				ResultSet rows = query.executeQuery("select user_id, position, email_value from store_user_email");
				PreparedStatement update = connection.prepareStatement(
						"update store_user_email set email_key_digest = ? where user_id = ? and position = ?")) {
			while (rows.next()) {
				update.setString(1, Identifiers.emailKeyDigest(rows.getString(3)));
				update.setObject(2, rows.getObject(1));
				update.setInt(3, rows.getInt(2));
				update.addBatch();
			}
			update.executeBatch();
		}
	}

	private record StoredUser(Object id, String storeId, String userName, String key) {
	}

}
