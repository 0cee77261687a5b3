package dev.passwordreset.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.RepositoryTest;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitUtil;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the schema and the entity mapping guarantee on the real database, whatever the
 * services above them do.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class IdentityRepositoryTests {

	@Autowired
	UserRepository users;

	@Autowired
	GroupRepository groups;

	@Autowired
	IdentityStoreRepository stores;

	@Autowired
	OrganizationRepository organizations;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Test
	void theDatabaseRefusesASecondUserNameThatDiffersOnlyInCase() {
		IdentityStore store = newStore();
		this.users.saveAndFlush(new User(store.id(), UserAttributes.builder("Grace").build(), Instant.now(), "test"));
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.users
			.saveAndFlush(new User(store.id(), UserAttributes.builder("GRACE").build(), Instant.now(), "test")));
	}

	@Test
	void theDatabaseRefusesASecondUserWhoseNameLooksAlikeInTheSameStoreOnly() {
		IdentityStore store = newStore();
		this.users.saveAndFlush(new User(store.id(), UserAttributes.builder("alice").build(), Instant.now(), "test"));
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.users
			.saveAndFlush(new User(store.id(), UserAttributes.builder("\u0430lice").build(), Instant.now(), "test")));
		IdentityStore other = newStore();
		this.users
			.saveAndFlush(new User(other.id(), UserAttributes.builder("\u0430lice").build(), Instant.now(), "test"));
	}

	@Test
	void aUserOrAGroupIsNewUntilStoredAndNotAfterwards() {
		IdentityStore store = newStore();
		User user = new User(store.id(), UserAttributes.builder("ida").build(), Instant.now(), "test");
		Group group = new Group(store.id(), new GroupAttributes("idas", null), Instant.now(), "test");
		assertThat(user.isNew()).isTrue();
		assertThat(group.isNew()).isTrue();

		User savedUser = this.users.saveAndFlush(user);
		Group savedGroup = this.groups.saveAndFlush(group);

		assertThat(savedUser.isNew()).isFalse();
		assertThat(savedGroup.isNew()).isFalse();
		assertThat(savedUser.getId()).isEqualTo(user.id());
		assertThat(this.users.findIdentityStoreIdById(user.id())).contains(store.id());
	}

	@Test
	void emailsAreFoundUnderAnyCaseOrWidthOfTheAddress() {
		IdentityStore store = newStore();
		User dora = this.users.saveAndFlush(new User(store.id(),
				UserAttributes.builder("dora")
					.emails(List.of(new EmailAddress("Dora@example.com", null, true, false)))
					.build(),
				Instant.now(), "test"));
		for (String spelling : List.of("dora@example.com", "DORA@EXAMPLE.COM",
				"\uFF24\uFF2F\uFF32\uFF21@example.com")) {
			assertThat(this.users.findByIdentityStoreIdAndEmail(store.id(), Identifiers.emailKeyDigest(spelling),
					Limit.of(5)))
				.as(spelling)
				.extracting(User::id)
				.containsExactly(dora.id());
		}
		assertThat(this.users.findByIdentityStoreIdAndEmail(store.id(),
				Identifiers.emailKeyDigest("d\u043Era@example.com"), Limit.of(5)))
			.as("a Cyrillic o is another address")
			.isEmpty();
	}

	@Test
	void aUserIsFoundByItsIdOnlyInItsOwnStore() {
		IdentityStore own = newStore();
		IdentityStore other = newStore();
		User saved = this.users
			.saveAndFlush(new User(own.id(), UserAttributes.builder("gus").build(), Instant.now(), "test"));
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);

		Optional<UUID> inOwnStore = transaction
			.execute((status) -> this.users.findByIdAndIdentityStoreId(saved.id(), own.id()).map(User::id));
		Optional<UUID> inOtherStore = transaction
			.execute((status) -> this.users.findByIdAndIdentityStoreId(saved.id(), other.id()).map(User::id));
		assertThat(inOwnStore).contains(saved.id());
		assertThat(inOtherStore).as("the id of another store's user").isEmpty();
		assertThat(this.users.existsByIdAndIdentityStoreId(saved.id(), own.id())).isTrue();
		assertThat(this.users.existsByIdAndIdentityStoreId(saved.id(), other.id())).isFalse();
		assertThat(this.users.existsByIdAndIdentityStoreId(UUID.randomUUID(), own.id())).isFalse();
	}

	@Test
	void credentialsAreReadWithTheContactsButWithoutLoadingAddressesOrExternalIds() {
		IdentityStore store = newStore();
		User saved = this.users.saveAndFlush(new User(store.id(),
				UserAttributes.builder("hedy")
					.emails(List.of(new EmailAddress("hedy@example.com", null, true, false)))
					.phoneNumbers(List.of(new PhoneNumber("+15550100", null, true)))
					.addresses(List.of(new PostalAddress("1 Main St", "Vienna", null, null, "AT", null, null, true)))
					.externalIds(List.of(new ExternalId("hr", "H-1")))
					.build(),
				Instant.now(), "test"));
		PersistenceUnitUtil loaded = this.entityManagerFactory.getPersistenceUnitUtil();
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);

		transaction.executeWithoutResult((status) -> {
			User user = this.users.findByIdAndIdentityStoreId(saved.id(), store.id()).orElseThrow();
			UserCredentials credentials = user.toCredentials();
			assertThat(credentials.attributes().primaryEmail()).map(EmailAddress::value).contains("hedy@example.com");
			assertThat(credentials.attributes().phoneNumbers()).extracting(PhoneNumber::value)
				.containsExactly("+15550100");
			assertThat(credentials.attributes().addresses()).isEmpty();
			assertThat(credentials.attributes().externalIds()).isEmpty();
			assertThat(loaded.isLoaded(user, "addresses")).as("addresses queried").isFalse();
			assertThat(loaded.isLoaded(user, "externalIds")).as("external IDs queried").isFalse();
			// The user as shown still has them.
			assertThat(user.toInfo().attributes().addresses()).extracting(PostalAddress::locality)
				.containsExactly("Vienna");
			assertThat(user.toInfo().attributes().externalIds()).extracting(ExternalId::id).containsExactly("H-1");
		});
	}

	@Test
	void aGroupIsFoundByItsIdOnlyInItsOwnStore() {
		IdentityStore own = newStore();
		IdentityStore other = newStore();
		Group saved = this.groups
			.saveAndFlush(new Group(own.id(), new GroupAttributes("Operators", null), Instant.now(), "test"));

		assertThat(this.groups.findByIdAndIdentityStoreId(saved.id(), own.id()).map(Group::id)).contains(saved.id());
		assertThat(this.groups.findByIdAndIdentityStoreId(saved.id(), other.id())).as("the id of another store's group")
			.isEmpty();
		assertThat(this.groups.existsByIdAndIdentityStoreId(saved.id(), own.id())).isTrue();
		assertThat(this.groups.existsByIdAndIdentityStoreId(saved.id(), other.id())).isFalse();
		assertThat(this.groups.existsByIdAndIdentityStoreId(UUID.randomUUID(), own.id())).isFalse();
	}

	@Test
	void aStaleCopyOfAUserCannotOverwriteANewerOne() {
		IdentityStore store = newStore();
		User saved = this.users.saveAndFlush(new User(store.id(),
				UserAttributes.builder("henry").displayName("Henry").build(), Instant.now(), "test"));
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		User stale = transaction.execute((status) -> {
			User copy = this.users.findByIdAndIdentityStoreId(saved.id(), store.id()).orElseThrow();
			copy.apply(copy.attributes().toBuilder().displayName("Henry the Stale").build(), Instant.now(), "second");
			status.setRollbackOnly();
			return copy;
		});
		transaction.executeWithoutResult((status) -> {
			User fresh = this.users.findByIdAndIdentityStoreId(saved.id(), store.id()).orElseThrow();
			fresh.apply(fresh.attributes().toBuilder().displayName("Henry the First").build(), Instant.now(), "first");
		});

		assertThatExceptionOfType(ObjectOptimisticLockingFailureException.class)
			.isThrownBy(() -> this.users.saveAndFlush(stale));
		String displayName = transaction
			.execute((status) -> this.users.findByIdAndIdentityStoreId(saved.id(), store.id())
				.orElseThrow()
				.attributes()
				.displayName());
		assertThat(displayName).isEqualTo("Henry the First");
	}

	@Test
	void emailsAndPhoneNumbersKeepTheirOrder() {
		IdentityStore store = newStore();
		List<EmailAddress> emails = List.of(new EmailAddress("b@example.com", "work", false, true),
				new EmailAddress("a@example.com", "home", true, false));
		User saved = this.users.saveAndFlush(new User(store.id(),
				UserAttributes.builder("ivy")
					.emails(emails)
					.phoneNumbers(List.of(new PhoneNumber("+1 555 0100", "work", true)))
					.build(),
				Instant.now(), "test"));
		UserInfo loaded = new TransactionTemplate(this.transactionManager)
			.execute((status) -> this.users.findByIdAndIdentityStoreId(saved.id(), store.id()).orElseThrow().toInfo());
		assertThat(loaded.attributes().emails()).containsExactlyElementsOf(emails);
		assertThat(loaded.primaryEmail()).contains(emails.get(1));
		assertThat(loaded.attributes().phoneNumbers()).hasSize(1);
	}

	@Test
	void usersArePagedByUserNameKey() {
		IdentityStore store = newStore();
		for (String name : List.of("Zed", "amy", "Bea")) {
			this.users.saveAndFlush(new User(store.id(), UserAttributes.builder(name).build(), Instant.now(), "test"));
		}
		List<User> first = this.users.findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(store.id(),
				"", Limit.of(2));
		assertThat(first).extracting(User::userNameKey).containsExactly("amy", "bea");
		assertThat(this.users.findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(store.id(), "bea",
				Limit.of(2)))
			.extracting(User::userNameKey)
			.containsExactly("zed");
	}

	@Test
	void thereIsOnlyEverOneOrganization() {
		// Two instances bootstrapping one empty database race to this insert; the loser
		// must fail.
		// Everything here rolls back, so the shared test database keeps whatever
		// bootstrap made.
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
				if (!this.organizations.existsBy()) {
					this.organizations
						.saveAndFlush(new Organization("11111111111111111111111111111111", Instant.now()));
				}
				this.organizations.saveAndFlush(new Organization("22222222222222222222222222222222", Instant.now()));
			}));
	}

	private IdentityStore newStore() {
		return this.stores.saveAndFlush(new IdentityStore("repo-" + System.nanoTime(), Instant.now(), "test"));
	}

}
