package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.passwordreset.RepositoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A store's user and group quotas on the real database: the creation past the quota is refused,
 * and creations racing for the last places never take more than there are.
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

	TransactionTemplate transaction;

	String store;

	@BeforeEach
	void servicesWithSmallQuotas() {
		// Built here rather than taken from a context, so that the quotas can be small without a
		// context of their own; each call runs in a transaction as the proxied service's would.
		UserLookup lookup = new UserLookup(this.stores, this.users);
		IdentityProperties quotas = new IdentityProperties(USERS_QUOTA, GROUPS_QUOTA);
		this.userService = new UserService(lookup, this.users, this.memberships, quotas, Clock.systemUTC());
		this.groupService = new GroupService(lookup, this.groups, this.memberships, quotas, Clock.systemUTC());
		this.transaction = new TransactionTemplate(this.transactionManager);
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

	private void createUser(String userName) {
		this.transaction.executeWithoutResult((status) -> this.userService.create(this.store,
				UserAttributes.builder(userName).build(), "test"));
	}

	private void createGroup(String displayName) {
		this.transaction.executeWithoutResult(
				(status) -> this.groupService.create(this.store, new GroupAttributes(displayName, null), "test"));
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
