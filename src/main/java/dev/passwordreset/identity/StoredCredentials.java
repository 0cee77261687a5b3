package dev.passwordreset.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

/**
 * The credentials of an internal store's user, read with one plain JDBC query: the user's
 * row joined with its emails and phone numbers, what a sign-in, a reset, an OAM code and
 * their messages need (see {@link User#toCredentials()}, which leaves out the same
 * collections). Every request of those kinds looks a user up, and through JPA the query
 * itself was about half of the lookup's CPU: the rest went to the repository's proxy, an
 * entity manager opened and closed for it, and an entity with two collections built
 * around rows that are only read. {@link JdbcTemplate} joins a caller's transaction and
 * autocommits outside one, as the JPA lookups did.
 */
@Component
class StoredCredentials {

	/**
	 * What a lookup selects, one item each, so that an item with a comma of its own (a
	 * function's arguments) cannot shift the positions of the items after it.
	 */
	private static final List<String> SELECTED = List.of("u.id", "u.identity_store_id", "u.user_name",
			"u.user_name_key", "u.display_name", "u.family_name", "u.given_name", "u.middle_name", "u.formatted_name",
			"u.honorific_prefix", "u.honorific_suffix", "u.nickname", "u.locale", "u.preferred_language", "u.timezone",
			"u.title", "u.user_type", "u.enabled", "u.email_verified", "u.distinguished_name", "u.profile_url",
			"u.employee_number", "u.cost_center", "u.enterprise_organization", "u.division", "u.department",
			"u.manager", "u.password_hash", "u.password_change_required", "u.password_set_at", "u.password_expires_at",
			"u.locked_until", "e.position email_position", "e.email_value", "e.email_type",
			"e.is_primary email_primary", "e.verification_status", "p.position phone_position", "p.phone_value",
			"p.phone_type", "p.is_primary phone_primary");

	private static final String COLUMNS = "select " + String.join(", ", SELECTED) + "\n";

	/**
	 * Where each of {@link #SELECTED} is in a row, by its label. Read by position: by
	 * label, H2 builds a map of the labels for every result and upper-cases each label
	 * asked for, a fifth of a lookup's time.
	 */
	private static final Map<String, Integer> POSITIONS = positions(SELECTED);

	private static final String CONTACTS = """
			left join store_user_email e on e.user_id = u.id
			left join store_user_phone_number p on p.user_id = u.id
			""";

	// By the primary key alone, then the store compared here: see
	// UserRepository.findByIdAndIdentityStoreId for why.
	static final String BY_ID = COLUMNS + "from store_user u\n" + CONTACTS + "where u.id = ?";

	static final String BY_USER_NAME_KEY = COLUMNS + "from store_user u\n" + CONTACTS
			+ "where u.identity_store_id = ? and u.user_name_key = ?";

	// The store first: H2 joins in the order written up to an outer join, and from the
	// user's table it would read every user to find the key (its index leads with the
	// store).
	static final String IN_INTERNAL_STORE = COLUMNS
			+ "from identity_store s\njoin store_user u on u.identity_store_id = s.id\n" + CONTACTS
			+ "where s.name_key = ? and s.kind = 'INTERNAL' and u.user_name_key = ?";

	private static final ResultSetExtractor<Optional<UserCredentials>> CREDENTIALS = StoredCredentials::credentials;

	private final JdbcTemplate jdbc;

	StoredCredentials(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The user with this id in this store; nothing for another store's user or a
	 * directory user's anchor, whose attributes live in the directory.
	 */
	Optional<UserCredentials> byId(UUID id, String identityStoreId) {
		return query(BY_ID, id).filter((user) -> user.identityStoreId().equals(identityStoreId));
	}

	/** The store's user with this user-name key (see {@link Identifiers#userNameKey}). */
	Optional<UserCredentials> byUserNameKey(String identityStoreId, String userNameKey) {
		return query(BY_USER_NAME_KEY, identityStoreId, userNameKey);
	}

	/**
	 * The user with this user-name key in the internal store with this name key; nothing
	 * when the store is unknown or is an LDAP store.
	 */
	Optional<UserCredentials> inInternalStore(String storeNameKey, String userNameKey) {
		return query(IN_INTERNAL_STORE, storeNameKey, userNameKey);
	}

	private Optional<UserCredentials> query(String sql, Object... arguments) {
		Optional<UserCredentials> found = this.jdbc.query(sql, CREDENTIALS, arguments);
		return (found != null) ? found : Optional.empty();
	}

	/**
	 * The user of the rows, which all belong to one user (the key of each query is
	 * unique): the join repeats the user's columns on each of them, once per pair of an
	 * email and a phone number.
	 */
	private static Optional<UserCredentials> credentials(ResultSet rows) throws SQLException {
		if (!rows.next()) {
			return Optional.empty();
		}
		if (DirectoryAnchors.isAnchorKey(rows.getString(at("user_name_key")))) {
			return Optional.empty();
		}
		UUID id = rows.getObject(at("id"), UUID.class);
		String identityStoreId = rows.getString(at("identity_store_id"));
		UserAttributes.Builder attributes = UserAttributes.builder(rows.getString(at("user_name")))
			.displayName(rows.getString(at("display_name")))
			.name(new PersonName(rows.getString(at("family_name")), rows.getString(at("given_name")),
					rows.getString(at("middle_name")), rows.getString(at("formatted_name")),
					rows.getString(at("honorific_prefix")), rows.getString(at("honorific_suffix"))))
			.nickname(rows.getString(at("nickname")))
			.locale(rows.getString(at("locale")))
			.preferredLanguage(rows.getString(at("preferred_language")))
			.timezone(rows.getString(at("timezone")))
			.title(rows.getString(at("title")))
			.userType(rows.getString(at("user_type")))
			.emailVerified(rows.getBoolean(at("email_verified")))
			.distinguishedName(rows.getString(at("distinguished_name")))
			.enterprise(new Enterprise(rows.getString(at("employee_number")), rows.getString(at("cost_center")),
					rows.getString(at("enterprise_organization")), rows.getString(at("division")),
					rows.getString(at("department")), rows.getString(at("manager"))))
			.profileUrl(rows.getString(at("profile_url")));
		boolean enabled = rows.getBoolean(at("enabled"));
		String passwordHash = rows.getString(at("password_hash"));
		boolean passwordChangeRequired = rows.getBoolean(at("password_change_required"));
		Instant passwordSetAt = instant(rows, "password_set_at");
		Instant passwordExpiresAt = instant(rows, "password_expires_at");
		Instant lockedUntil = instant(rows, "locked_until");
		SortedMap<Integer, EmailAddress> emails = new TreeMap<>();
		SortedMap<Integer, PhoneNumber> phoneNumbers = new TreeMap<>();
		do {
			int emailPosition = rows.getInt(at("email_position"));
			if (!rows.wasNull() && !emails.containsKey(emailPosition)) {
				emails.put(emailPosition,
						new EmailAddress(rows.getString(at("email_value")), rows.getString(at("email_type")),
								rows.getBoolean(at("email_primary")),
								UserEmail.VERIFIED.equals(rows.getString(at("verification_status")))));
			}
			int phonePosition = rows.getInt(at("phone_position"));
			if (!rows.wasNull() && !phoneNumbers.containsKey(phonePosition)) {
				phoneNumbers.put(phonePosition, new PhoneNumber(rows.getString(at("phone_value")),
						rows.getString(at("phone_type")), rows.getBoolean(at("phone_primary"))));
			}
		}
		while (rows.next());
		attributes.emails(List.copyOf(emails.values())).phoneNumbers(List.copyOf(phoneNumbers.values()));
		return Optional.of(new UserCredentials(id, identityStoreId, attributes.build(), enabled, passwordHash,
				passwordChangeRequired, passwordExpiresAt, lockedUntil, passwordSetAt));
	}

	/** The position of an item of {@link #SELECTED}, by its label. */
	private static int at(String label) {
		Integer position = POSITIONS.get(label);
		if (position == null) {
			throw new IllegalArgumentException("No column " + label + " in the select list");
		}
		return position;
	}

	/**
	 * The 1-based positions of select items' labels: each item's alias, or its column
	 * without the table's alias.
	 */
	static Map<String, Integer> positions(List<String> items) {
		Map<String, Integer> positions = new HashMap<>();
		for (int i = 0; i < items.size(); i++) {
			String[] words = items.get(i).strip().split("\\s+");
			String label = words[words.length - 1];
			if (positions.putIfAbsent(label.substring(label.indexOf('.') + 1), i + 1) != null) {
				throw new IllegalArgumentException("Two columns labelled " + label);
			}
		}
		return Map.copyOf(positions);
	}

	private static @Nullable Instant instant(ResultSet rows, String column) throws SQLException {
		OffsetDateTime value = rows.getObject(at(column), OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
