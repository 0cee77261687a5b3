package dev.passwordreset.identity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.passwordreset.RepositoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The credentials read with plain JDBC are the ones the entity gives, on the run's real
 * database.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class StoredCredentialsTests {

	@Autowired
	UserRepository users;

	@Autowired
	IdentityStoreRepository stores;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	StoredCredentials stored;

	@BeforeEach
	void stored() {
		this.stored = new StoredCredentials(new JdbcTemplate(this.dataSource));
	}

	@Test
	void columnsAreReadByTheirPlaceInTheSelectListUnderTheirAliasOrBareName() {
		assertThat(StoredCredentials.positions(List.of("u.id", "u.user_name", "coalesce(e.position, -1) email_position",
				"p.is_primary phone_primary")))
			.containsExactlyInAnyOrderEntriesOf(
					Map.of("id", 1, "user_name", 2, "email_position", 3, "phone_primary", 4));
		assertThatIllegalArgumentException().isThrownBy(() -> StoredCredentials.positions(List.of("u.id", "e.id")))
			.withMessageContaining("id");
	}

	@Test
	void everyAttributeReadsAsTheEntityGivesItWithTheContactsInTheirOrder() {
		IdentityStore store = newStore();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		User user = new User(store.id(), UserAttributes.builder("Hedy")
			.displayName("Hedy Lamarr")
			.name(new PersonName("Lamarr", "Hedy", "Eva", "Hedy Eva Lamarr", "Ms.", "PhD"))
			.nickname("hedy")
			.emails(List.of(new EmailAddress("hedy@work.example", "work", false, true),
					new EmailAddress("hedy@home.example", "home", true, false),
					new EmailAddress("h@third.example", null, false, false)))
			.phoneNumbers(
					List.of(new PhoneNumber("+15550100", "work", false), new PhoneNumber("+15550101", null, true)))
			.locale("de-AT")
			.preferredLanguage("de")
			.timezone("Europe/Vienna")
			.title("Inventor")
			.userType("Employee")
			.emailVerified(true)
			.distinguishedName("cn=hedy,dc=example,dc=com")
			.addresses(List.of(new PostalAddress("1 Main St", "Vienna", null, null, "AT", null, null, true)))
			.enterprise(new Enterprise("42", "CC-7", "Example", "Radio", "Research", "Howard"))
			.profileUrl("https://example.com/hedy")
			.externalIds(List.of(new ExternalId("hr", "H-1")))
			.build(), now, "test");
		this.users.saveAndFlush(user);
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> this.users.setPassword(user.id(), store.id(), "{bcrypt}hash", true,
				now.plusSeconds(3600), now, "test"));
		UserCredentials expected = transaction.execute(
				(status) -> this.users.findByIdAndIdentityStoreId(user.id(), store.id()).orElseThrow().toCredentials());

		assertThat(expected.passwordHash()).isEqualTo("{bcrypt}hash");
		assertThat(expected.attributes().emails()).hasSize(3);
		assertThat(this.stored.byId(user.id(), store.id())).contains(expected);
		assertThat(this.stored.byUserNameKey(store.id(), "hedy")).contains(expected);
		assertThat(this.stored.inInternalStore(IdentityStore.key(store.name()), "hedy")).contains(expected);
	}

	@Test
	void aUserWithoutContactsHasNone() {
		IdentityStore store = newStore();
		User user = this.users
			.saveAndFlush(new User(store.id(), UserAttributes.builder("gus").build(), Instant.now(), "test"));

		UserCredentials found = this.stored.byId(user.id(), store.id()).orElseThrow();

		assertThat(found.attributes().emails()).isEmpty();
		assertThat(found.attributes().phoneNumbers()).isEmpty();
		assertThat(found.enabled()).isTrue();
		assertThat(found.passwordHash()).isNull();
		assertThat(found.passwordSetAt()).isNull();
	}

	@Test
	void aUserIsFoundByItsIdOnlyInItsOwnStore() {
		IdentityStore own = newStore();
		User saved = this.users
			.saveAndFlush(new User(own.id(), UserAttributes.builder("gus").build(), Instant.now(), "test"));

		assertThat(this.stored.byId(saved.id(), own.id())).map(UserCredentials::userId).contains(saved.id());
		assertThat(this.stored.byId(saved.id(), newStore().id())).as("the id of another store's user").isEmpty();
		assertThat(this.stored.byId(UUID.randomUUID(), own.id())).isEmpty();
	}

	@Test
	void aUserIsFoundByItsStoresNameOnlyInAnInternalStore() {
		IdentityStore store = newStore();
		User grace = this.users
			.saveAndFlush(new User(store.id(), UserAttributes.builder("Grace").build(), Instant.now(), "test"));
		this.users
			.saveAndFlush(new User(newStore().id(), UserAttributes.builder("Grace").build(), Instant.now(), "test"));

		assertThat(this.stored.inInternalStore(IdentityStore.key(store.name()), "grace")).map(UserCredentials::userId)
			.contains(grace.id());
		assertThat(this.stored.inInternalStore(IdentityStore.key(store.name()), "ada")).isEmpty();
		assertThat(this.stored.inInternalStore("no-such-store", "grace")).isEmpty();

		// A row under an LDAP store, such as a directory user's anchor, is never taken
		// for an internal user.
		IdentityStore ldap = this.stores.saveAndFlush(
				new IdentityStore("repo-ldap-" + System.nanoTime(), IdentityStoreKind.LDAP, Instant.now(), "test"));
		this.users.saveAndFlush(new User(ldap.id(), UserAttributes.builder("grace").build(), Instant.now(), "test"));
		assertThat(this.stored.inInternalStore(IdentityStore.key(ldap.name()), "grace")).isEmpty();
	}

	@Test
	void aDirectoryUsersAnchorIsNotACredential() {
		IdentityStore ldap = this.stores.saveAndFlush(
				new IdentityStore("repo-ldap-" + System.nanoTime(), IdentityStoreKind.LDAP, Instant.now(), "test"));
		UUID directoryId = UUID.randomUUID();
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> this.users
			.insertDirectoryAnchor(directoryId, ldap.id(), DirectoryAnchors.anchorName(directoryId), Instant.now()));

		assertThat(this.users.findIdentityStoreIdById(directoryId)).contains(ldap.id());
		assertThat(this.stored.byId(directoryId, ldap.id())).isEmpty();
		assertThat(this.stored.byUserNameKey(ldap.id(), DirectoryAnchors.anchorName(directoryId))).isEmpty();
	}

	@Test
	void onH2EveryLookupReadsTheUsersTableByAnIndex() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assumeThat(jdbc
			.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName()))
			.isEqualTo("H2");
		Object[] byId = { UUID.randomUUID() };
		Object[] twoKeys = { "store", "key" };
		for (String query : List.of(StoredCredentials.BY_ID, StoredCredentials.BY_USER_NAME_KEY,
				StoredCredentials.IN_INTERNAL_STORE)) {
			String plan = jdbc.queryForObject("explain " + query, String.class,
					query.equals(StoredCredentials.BY_ID) ? byId : twoKeys);
			// A scan of the whole table costs a request as much as the store has users.
			assertThat(plan).as(query).doesNotContainIgnoringCase("STORE_USER.tableScan");
		}
	}

	private IdentityStore newStore() {
		return this.stores.saveAndFlush(new IdentityStore("stored-" + System.nanoTime(), Instant.now(), "test"));
	}

}
