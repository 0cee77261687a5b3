package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import dev.passwordreset.RepositoryTest;
import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditLog;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;

/**
 * Where CreateUser, UpdateUser and DeleteUser go, decided by the core on the real
 * database: an internal store's write is one transaction that reads the store at most
 * once (only a creation needs it), and a writable LDAP store's goes to its directory
 * after the one transaction that chose it, with none open. The directory's side is a
 * stand-in here; LdapStoreUserApiTests proves it against the real OpenLDAP.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class UserWriteRoutingTests {

	private static final AuditActor ADMIN = new AuditActor("0a1b2c3d4e", "AKEXAMPLE", "192.0.2.7", "req-1");

	private final IdentityStoreRepository stores;

	private final UserRepository users;

	private final AtomicInteger transactions = new AtomicInteger();

	/** Each directory write, and whether a transaction was open when it was asked. */
	private final List<String> directoryWrites = new ArrayList<>();

	private final UserLookup lookup;

	private final DirectoryUserWrites directory = mock(DirectoryUserWrites.class);

	private final UserService userService;

	UserWriteRoutingTests(@Autowired IdentityStoreRepository stores, @Autowired UserRepository users,
			@Autowired GroupMembershipRepository memberships,
			@Autowired PlatformTransactionManager transactionManager) {
		this.stores = stores;
		this.users = users;
		PlatformTransactionManager counted = new CountedTransactions(transactionManager, this.transactions);
		this.lookup = spy(new UserLookup(stores, users));
		given(this.directory.isWritable(any())).willAnswer((call) -> call.<IdentityStore>getArgument(0).isLdap());
		willAnswer((call) -> directoryWrite("create", call.getArgument(0), UUID.randomUUID())).given(this.directory)
			.create(any(), any(), any());
		willAnswer((call) -> directoryWrite("update", call.getArgument(0), call.getArgument(1))).given(this.directory)
			.update(any(), any(), any(), any());
		willAnswer((call) -> directoryWrite("delete", call.getArgument(0), call.getArgument(1))).given(this.directory)
			.delete(any(), any(), any());
		IdentityAudit audit = new IdentityAudit(mock(AuditLog.class), Clock.systemUTC(), counted);
		this.userService = new UserService(this.lookup, users, memberships, new IdentityProperties(100, 100),
				Clock.systemUTC(), mock(DirectoryUsers.class), this.directory, counted, audit);
	}

	@Test
	void anInternalStoresUserWriteIsOneTransactionThatReadsTheStoreAtMostOnce() {
		String store = store(IdentityStoreKind.INTERNAL);

		UserInfo user = this.userService.create(store, UserAttributes.builder("routed").build(), ADMIN);
		assertThat(this.transactions).as("transactions of CreateUser").hasValue(1);
		then(this.lookup).should(times(1)).store(store);

		assertWrite(() -> this.userService.update(store, user.userId(),
				(attributes) -> attributes.toBuilder().displayName("Routed Once").build(), ADMIN));
		assertThat(this.userService.get(store, user.userId()).attributes().displayName()).isEqualTo("Routed Once");
		assertWrite(() -> this.userService.delete(store, user.userId(), ADMIN));
		assertThat(this.users.countByIdentityStoreId(store)).isZero();
		then(this.directory).should(never()).create(any(), any(), any());
		then(this.directory).should(never()).update(any(), any(), any(), any());
		then(this.directory).should(never()).delete(any(), any(), any());
	}

	@Test
	void aWritableDirectoryStoresUserWriteGoesToTheDirectoryAfterTheOneTransactionThatChoseIt() {
		String store = store(IdentityStoreKind.LDAP);
		UUID userId = UUID.randomUUID();

		UserInfo created = this.userService.create(store, UserAttributes.builder("in-directory").build(), ADMIN);
		this.userService.update(store, userId, UnaryOperator.identity(), ADMIN);
		this.userService.delete(store, userId, ADMIN);

		assertThat(created.identityStoreId()).isEqualTo(store);
		assertThat(this.directoryWrites).containsExactly("create outside any transaction",
				"update outside any transaction", "delete outside any transaction");
		assertThat(this.transactions).as("one transaction a write").hasValue(3);
		then(this.lookup).should(times(3)).store(store);
		assertThat(this.users.countByIdentityStoreId(store)).isZero();
	}

	@Test
	void aCreationInTheDirectoryIsEmptyAndWritesNothingForAnyOtherStore() {
		String internal = store(IdentityStoreKind.INTERNAL);

		assertThat(this.userService.createInDirectory(internal, UserAttributes.builder("not-here").build(), ADMIN))
			.isEmpty();
		assertThat(this.userService.createInDirectory(store(IdentityStoreKind.LDAP),
				UserAttributes.builder("there").build(), ADMIN))
			.isPresent();

		assertThat(this.directoryWrites).containsExactly("create outside any transaction");
		assertThat(this.users.countByIdentityStoreId(internal)).isZero();
	}

	/** One write, on a user that exists: one transaction, and no read of its store. */
	private void assertWrite(Runnable write) {
		this.transactions.set(0);
		clearInvocations(this.lookup);
		write.run();
		assertThat(this.transactions).hasValue(1);
		then(this.lookup).should(never()).store(anyString());
	}

	private UserInfo directoryWrite(String write, IdentityStore store, UUID userId) {
		this.directoryWrites.add(write + (TransactionSynchronizationManager.isActualTransactionActive()
				? " in a transaction" : " outside any transaction"));
		Instant now = Instant.now();
		return new UserInfo(userId, store.id(), UserAttributes.builder("in-directory").build(), true, true, false, null,
				now, DirectoryUsers.DIRECTORY, now, DirectoryUsers.DIRECTORY);
	}

	private String store(IdentityStoreKind kind) {
		return this.stores.saveAndFlush(new IdentityStore("routing-" + System.nanoTime(), kind, Instant.now(), "test"))
			.id();
	}

	/** The real transaction manager, counting the transactions it begins. */
	private record CountedTransactions(PlatformTransactionManager real,
			AtomicInteger begun) implements PlatformTransactionManager {

		@Override
		public TransactionStatus getTransaction(TransactionDefinition definition) {
			this.begun.incrementAndGet();
			return this.real.getTransaction(definition);
		}

		@Override
		public void commit(TransactionStatus status) {
			this.real.commit(status);
		}

		@Override
		public void rollback(TransactionStatus status) {
			this.real.rollback(status);
		}

	}

}
