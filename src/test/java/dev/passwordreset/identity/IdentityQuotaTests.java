package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.passwordreset.RepositoryTest;
import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.mockito.Mockito.mock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store's user and group quotas on the real database: the creation past the quota is
 * refused, creations racing for the last places never take more than there are, and a
 * deletion or a creation that fails gives its place back.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class IdentityQuotaTests {

	private static final int USERS_QUOTA = 3;

	private static final int GROUPS_QUOTA = 2;

	@Autowired
	IdentityStoreRepository stores;

	@Autowired
	UserRepository users;

	@Autowired
	GroupRepository groups;

	@Autowired
	GroupMembershipRepository memberships;

	@Autowired
	PlatformTransactionManager transactionManager;

	UserService userService;

	GroupService groupService;

	String store;

	@BeforeEach
	void servicesWithSmallQuotas() {
		// Built here rather than taken from a context, so that the quotas can be small
		// without a context of their own. Each write opens its own transaction, as in
		// the service; the audit log is not what these tests are about.
		UserLookup lookup = new UserLookup(this.stores, this.users);
		IdentityProperties quotas = new IdentityProperties(USERS_QUOTA, GROUPS_QUOTA);
		IdentityAudit audit = new IdentityAudit(mock(AuditLog.class), Clock.systemUTC(), this.transactionManager);
		// An internal store's users never reach the directory.
		this.userService = new UserService(lookup, this.users, this.memberships, quotas, Clock.systemUTC(),
				mock(DirectoryUsers.class), mock(DirectoryUserWrites.class), this.transactionManager, audit);
		this.groupService = new GroupService(lookup, this.groups, this.memberships, quotas, Clock.systemUTC(), audit);
		this.store = this.stores.saveAndFlush(new IdentityStore("quota-" + System.nanoTime(), Instant.now(), "test"))
			.id();
	}

	@Test
	void theUserPastTheQuotaIsRefusedAndNotCreated() {
		for (int i = 0; i < USERS_QUOTA; i++) {
			createUser("user" + i);
		}
		assertThatExceptionOfType(IdentityException.class).isThrownBy(() -> createUser("one-too-many"))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IdentityError.QUOTA_EXCEEDED));
		assertThat(this.users.countByIdentityStoreId(this.store)).isEqualTo(USERS_QUOTA);
	}

	@Test
	void theGroupPastTheQuotaIsRefusedAndNotCreated() {
		for (int i = 0; i < GROUPS_QUOTA; i++) {
			createGroup("Group " + i);
		}
		assertThatExceptionOfType(IdentityException.class).isThrownBy(() -> createGroup("One too many"))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IdentityError.QUOTA_EXCEEDED));
		assertThat(this.groups.countByIdentityStoreId(this.store)).isEqualTo(GROUPS_QUOTA);
	}

	@Test
	void aDeletedUserOrGroupGivesItsPlaceBack() {
		UUID last = null;
		for (int i = 0; i < USERS_QUOTA; i++) {
			last = createUser("user" + i).userId();
		}
		UUID leaving = last;
		this.userService.delete(this.store, leaving, AuditActor.SYSTEM);
		createUser("newcomer");
		assertThat(this.users.countByIdentityStoreId(this.store)).isEqualTo(USERS_QUOTA);

		UUID lastGroup = null;
		for (int i = 0; i < GROUPS_QUOTA; i++) {
			lastGroup = createGroup("Group " + i).groupId();
		}
		UUID disbanded = lastGroup;
		this.groupService.delete(this.store, disbanded, AuditActor.SYSTEM);
		createGroup("New group");
		assertThat(this.groups.countByIdentityStoreId(this.store)).isEqualTo(GROUPS_QUOTA);
	}

	@Test
	void aCreationThatFailsTakesNoPlace() {
		createUser("taken");
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(IdentityException.class).isThrownBy(() -> createUser("TAKEN"))
				.satisfies((ex) -> assertThat(ex.error()).isNotEqualTo(IdentityError.QUOTA_EXCEEDED));
		}
		for (int i = 1; i < USERS_QUOTA; i++) {
			createUser("user" + i);
		}
		assertThat(this.users.countByIdentityStoreId(this.store)).isEqualTo(USERS_QUOTA);
	}

	@Test
	void aMissingStoreIsNotFoundRatherThanFull() {
		assertThatExceptionOfType(IdentityException.class)
			.isThrownBy(() -> this.userService.create("d-0000000000", UserAttributes.builder("nobody").build(),
					AuditActor.SYSTEM))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IdentityError.STORE_NOT_FOUND));
	}

	@Test
	void concurrentCreationsNeverPassTheUserQuota() throws Exception {
		List<Boolean> outcomes = race(8, (i) -> () -> {
			try {
				createUser("racer" + i);
				return true;
			}
			catch (IdentityException ex) {
				assertThat(ex.error()).isEqualTo(IdentityError.QUOTA_EXCEEDED);
				return false;
			}
		});
		assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(USERS_QUOTA);
		assertThat(this.users.countByIdentityStoreId(this.store)).isEqualTo(USERS_QUOTA);
	}

	@Test
	void concurrentCreationsNeverPassTheGroupQuota() throws Exception {
		List<Boolean> outcomes = race(8, (i) -> () -> {
			try {
				createGroup("Racer " + i);
				return true;
			}
			catch (IdentityException ex) {
				assertThat(ex.error()).isEqualTo(IdentityError.QUOTA_EXCEEDED);
				return false;
			}
		});
		assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(GROUPS_QUOTA);
		assertThat(this.groups.countByIdentityStoreId(this.store)).isEqualTo(GROUPS_QUOTA);
	}

	private UserInfo createUser(String userName) {
		return this.userService.create(this.store, UserAttributes.builder(userName).build(), AuditActor.SYSTEM);
	}

	private GroupInfo createGroup(String displayName) {
		return this.groupService.create(this.store, new GroupAttributes(displayName, null), AuditActor.SYSTEM);
	}

	/** Starts every task at once, from its own thread, and returns what each returned. */
	private static List<Boolean> race(int tasks, TaskFactory factory) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(tasks);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> futures = new ArrayList<>();
			for (int i = 0; i < tasks; i++) {
				Callable<Boolean> task = factory.task(i);
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<Boolean> outcomes = new ArrayList<>();
			for (Future<Boolean> future : futures) {
				outcomes.add(future.get(60, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface TaskFactory {

		Callable<Boolean> task(int index);

	}

}
