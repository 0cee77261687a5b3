package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.passwordreset.RepositoryTest;
import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * How the identity core audits its writes, on the real database: a success is recorded
 * inside the write's transaction, a refusal only once no transaction is open (the write's
 * has rolled back, and no second connection is taken beside it), and an LDAP store's
 * read-only users are refused and recorded as such. The audit log is a stand-in that
 * notes, for each event, whether a transaction was open when it was handed over.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class IdentityWriteAuditTests {

	private static final AuditActor ADMIN = new AuditActor("0a1b2c3d4e", "AKEXAMPLE", "192.0.2.7", "req-1");

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

	final List<Recorded> recorded = new ArrayList<>();

	UserService userService;

	GroupService groupService;

	GroupMembershipService membershipService;

	@BeforeEach
	void services() {
		AuditLog log = mock(AuditLog.class);
		willAnswer((call) -> this.recorded.add(new Recorded(call.getArgument(0), false,
				TransactionSynchronizationManager.isActualTransactionActive())))
			.given(log)
			.record(any());
		willAnswer((call) -> this.recorded.add(
				new Recorded(call.getArgument(0), true, TransactionSynchronizationManager.isActualTransactionActive())))
			.given(log)
			.recordInTransaction(any());
		IdentityAudit audit = new IdentityAudit(log, Clock.systemUTC(), this.transactionManager);
		UserLookup lookup = new UserLookup(this.stores, this.users);
		IdentityProperties quotas = new IdentityProperties(100, 100);
		this.userService = new UserService(lookup, this.users, this.memberships, quotas, Clock.systemUTC(),
				mock(DirectoryUsers.class), mock(DirectoryUserWrites.class), this.transactionManager, audit);
		this.groupService = new GroupService(lookup, this.groups, this.memberships, quotas, Clock.systemUTC(), audit);
		this.membershipService = new GroupMembershipService(lookup, this.groups, this.memberships, Clock.systemUTC(),
				audit);
	}

	@Test
	void aSuccessIsRecordedInsideTheWritesTransactionAndARefusalAfterIt() {
		String store = store(IdentityStoreKind.INTERNAL);
		UserInfo user = this.userService.create(store, UserAttributes.builder("kept").build(), ADMIN);
		assertThatExceptionOfType(IdentityException.class)
			.isThrownBy(() -> this.userService.create(store, UserAttributes.builder("KEPT").build(), ADMIN));
		GroupInfo group = this.groupService.create(store, new GroupAttributes("Kept", null), ADMIN);
		GroupMembershipInfo membership = this.membershipService.create(store, group.groupId(), user.userId(), ADMIN);
		assertThatExceptionOfType(IdentityException.class)
			.isThrownBy(() -> this.membershipService.create(store, group.groupId(), user.userId(), ADMIN));
		this.membershipService.delete(store, membership.membershipId(), ADMIN);

		assertThat(this.recorded).allSatisfy((event) -> {
			boolean success = event.event().outcome() == AuditOutcome.SUCCESS;
			assertThat(event.inCallersTransaction()).isEqualTo(success);
			assertThat(event.transactionOpen()).as("a transaction is open exactly for a success").isEqualTo(success);
			assertThat(event.event().accountId()).isEqualTo(ADMIN.accountId());
			assertThat(event.event().requestId()).isEqualTo(ADMIN.requestId());
		});
		assertThat(this.recorded)
			.extracting((event) -> event.event().type() + " " + event.event().outcome() + " " + event.event().resource()
					+ " " + event.event().reason())
			.containsExactly(
					"USER_CREATED SUCCESS identitystore/" + store + "/user/" + user.userId() + " the user was created",
					"USER_CREATED FAILURE identitystore/" + store + "/user refused: duplicate user name",
					"GROUP_CREATED SUCCESS identitystore/" + store + "/group/" + group.groupId()
							+ " the group was created",
					"GROUP_MEMBERSHIP_CREATED SUCCESS identitystore/" + store + "/group/" + group.groupId() + "/member/"
							+ user.userId() + " the user was added to the group",
					"GROUP_MEMBERSHIP_CREATED FAILURE identitystore/" + store + "/group/" + group.groupId() + "/member/"
							+ user.userId() + " refused: duplicate membership",
					"GROUP_MEMBERSHIP_DELETED SUCCESS identitystore/" + store + "/group-membership/"
							+ membership.membershipId() + " the user was removed from the group");
	}

	@Test
	void everyUserWriteOnAnLdapStoreIsRefusedAsReadOnlyAndRecordedAsAFailure() {
		String store = store(IdentityStoreKind.LDAP);
		UUID userId = UUID.randomUUID();
		List<Executable> writes = List.of(
				() -> this.userService.create(store, UserAttributes.builder("directory-user").build(), ADMIN),
				() -> this.userService.update(store, userId, UnaryOperator.identity(), ADMIN),
				() -> this.userService.setEnabled(store, userId, false, ADMIN),
				() -> this.userService.setEnabled(store, userId, true, ADMIN),
				() -> this.userService.delete(store, userId, ADMIN));
		for (Executable write : writes) {
			assertThatExceptionOfType(IdentityException.class).isThrownBy(write::execute)
				.satisfies((ex) -> assertThat(ex.error()).isEqualTo(IdentityError.READ_ONLY_STORE));
		}

		String user = "identitystore/" + store + "/user";
		assertThat(this.recorded).allSatisfy((event) -> {
			assertThat(event.inCallersTransaction()).isFalse();
			assertThat(event.transactionOpen()).isFalse();
			assertThat(event.event().outcome()).isEqualTo(AuditOutcome.FAILURE);
			assertThat(event.event().reason()).isEqualTo("refused: read only store");
		})
			.extracting((event) -> event.event().type() + " " + event.event().action() + " " + event.event().resource())
			.containsExactly("USER_CREATED identitystore:user:create " + user,
					"USER_UPDATED identitystore:user:update " + user + "/" + userId,
					"USER_DISABLED identitystore:user:disable " + user + "/" + userId,
					"USER_ENABLED identitystore:user:enable " + user + "/" + userId,
					"USER_DELETED identitystore:user:delete " + user + "/" + userId);
		assertThat(this.users.countByIdentityStoreId(store)).isZero();
	}

	@Test
	void aFailureThatIsNoRefusalIsRecordedWithoutItsMessage() {
		String store = store(IdentityStoreKind.INTERNAL);
		UserInfo user = this.userService.create(store, UserAttributes.builder("changing").build(), ADMIN);
		this.recorded.clear();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.userService.update(store, user.userId(), (attributes) -> {
				throw new IllegalStateException("Hunter-Granite-2 was typed here");
			}, ADMIN));
		assertThat(this.recorded).singleElement().satisfies((event) -> {
			assertThat(event.event().type()).isEqualTo(AuditEventType.USER_UPDATED);
			assertThat(event.event().reason()).isEqualTo("failed");
			assertThat(event.event().toString()).doesNotContain("Hunter");
		});
	}

	@Test
	void aStoreIdNoStoreCouldHaveIsNotRepeatedInTheResource() {
		assertThat(IdentityAudit.store("d-0123456789")).isEqualTo("identitystore/d-0123456789");
		assertThat(IdentityAudit.store("Granite Harbor!77")).isEqualTo("identitystore/(invalid id)");
		assertThat(IdentityAudit.store("x".repeat(65))).isEqualTo("identitystore/(invalid id)");
	}

	private String store(IdentityStoreKind kind) {
		return this.stores.saveAndFlush(new IdentityStore("audit-" + System.nanoTime(), kind, Instant.now(), "test"))
			.id();
	}

	/**
	 * An event as handed to the log: by which method, and whether a transaction was open.
	 */
	record Recorded(AuditEvent event, boolean inCallersTransaction, boolean transactionOpen) {
	}

}
