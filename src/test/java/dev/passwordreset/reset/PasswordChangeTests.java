package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditEventType;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.identity.UserService;
import dev.passwordreset.ldap.DirectoryPasswordRefusedException;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The set-password piece without a Spring context: every collaborator is a mock that
 * writes what it was asked into one journal, beside the transaction's begin, commit and
 * rollback.
 */
class PasswordChangeTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private static final String STORE = "d-1234567890";

	private static final UUID USER = UUID.fromString("7b1f6a1e-2f52-4a0e-9d7e-4d8c3f1b2a10");

	private final List<String> journal = new CopyOnWriteArrayList<>();

	private final UserCredentialService credentials = mock(UserCredentialService.class);

	private final PasswordPolicyService policies = mock(PasswordPolicyService.class);

	private final ResetTokenStore tokens = mock(ResetTokenStore.class);

	private final OneTimePasswordService codes = mock(OneTimePasswordService.class);

	private final MailOutbox outbox = mock(MailOutbox.class);

	private final AuditLog audit = mock(AuditLog.class);

	private final PasswordChange change = new PasswordChange(this.credentials, this.policies, this.tokens, this.codes,
			this.outbox, this.audit, Clock.fixed(NOW, ZoneOffset.UTC), new JournalingTransactionManager());

	PasswordChangeTests() {
		doAnswer((call) -> write("set password " + call.getArgument(2))).when(this.credentials)
			.setPassword(anyString(), any(), anyString(), anyBoolean(), any(), anyString());
		doAnswer((call) -> write("remember " + call.getArgument(2))).when(this.policies)
			.remember(any(), anyString(), anyString());
		doAnswer((call) -> write("invalidate links")).when(this.tokens).invalidateAll(any(), any());
		doAnswer((call) -> write("insert link " + call.getArgument(1))).when(this.tokens)
			.insert(any(), anyString(), any(), anyString(), any(), any());
		doAnswer((call) -> write("invalidate codes")).when(this.codes).invalidateAll(any());
		doAnswer((call) -> write("mail to " + call.<OutgoingMail>getArgument(0).to())).when(this.outbox).enqueue(any());
		doAnswer((call) -> write("audit " + call.<AuditEvent>getArgument(0).reason())).when(this.audit)
			.recordInTransaction(any());
	}

	@Test
	void passwordChangeWritesEverythingAndItsSuccessAuditInOneTransaction() {
		PasswordChange.Committed committed = this.change.commit(passwordChange(PasswordChange.Change.user(USER)));

		assertThat(committed).isEqualTo(new PasswordChange.Committed(USER, NOW));
		assertThat(this.journal).containsExactly("begin", "in transaction: set password hash-1",
				"in transaction: remember hash-1", "in transaction: invalidate links",
				"in transaction: invalidate codes", "in transaction: mail to user@example.com",
				"in transaction: audit changed", "commit");
		verify(this.audit, never()).record(any());
	}

	@Test
	void resetLinkIsStoredWithItsMailAndAuditButTouchesNoPasswordNorCodes() {
		this.change.commit(new PasswordChange.Change(STORE, PasswordChange.Change.user(USER), null,
				new PasswordChange.NewLink("token-hash", Duration.ofHours(1)), (now) -> List.of(mail()),
				success("link queued")));

		assertThat(this.journal).containsExactly("begin", "in transaction: invalidate links",
				"in transaction: insert link token-hash", "in transaction: mail to user@example.com",
				"in transaction: audit link queued", "commit");
		verify(this.tokens).insert(any(), eq("token-hash"), eq(USER), eq(STORE), eq(NOW),
				eq(NOW.plus(Duration.ofHours(1))));
		verify(this.credentials, never()).setPassword(anyString(), any(), anyString(), anyBoolean(), isNull(),
				anyString());
	}

	@Test
	void failingWriteRollsBackTheSuccessAudit() {
		doAnswer((call) -> {
			throw new IllegalStateException("the outbox is gone");
		}).when(this.outbox).enqueue(any());

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.change.commit(passwordChange(PasswordChange.Change.user(USER))));

		assertThat(this.journal).startsWith("begin").endsWith("rollback").doesNotContain("commit");
		verify(this.audit, never()).recordInTransaction(any());
		verify(this.audit, never()).record(any());
	}

	@Test
	void failingAuditRollsBackTheChange() {
		doAnswer((call) -> {
			throw new IllegalStateException("the audit table is gone");
		}).when(this.audit).recordInTransaction(any());

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.change.commit(passwordChange(PasswordChange.Change.user(USER))));

		assertThat(this.journal).contains("in transaction: set password hash-1")
			.endsWith("rollback")
			.doesNotContain("commit");
	}

	@Test
	void claimLostToAConcurrentChangeWritesNothing() {
		PasswordChange.Subject spentMeanwhile = (now) -> {
			write("claim");
			throw new InvalidResetTokenException();
		};

		assertThatExceptionOfType(InvalidResetTokenException.class)
			.isThrownBy(() -> this.change.commit(passwordChange(spentMeanwhile)));

		assertThat(this.journal).containsExactly("begin", "in transaction: claim", "rollback");
	}

	@Test
	void claimRunsFirstInsideTheTransaction() {
		this.change.commit(passwordChange((now) -> {
			write("claim at " + now);
			return USER;
		}));

		assertThat(this.journal).element(1).isEqualTo("in transaction: claim at " + NOW);
	}

	@Test
	void aDirectoryPasswordIsWrittenBetweenTwoShortTransactionsWithNoneOpen() {
		inADirectory();

		PasswordChange.Committed committed = this.change
			.commit(passwordChange(PasswordChange.Change.spending(USER, new JournalingUse())));

		assertThat(committed).isEqualTo(new PasswordChange.Committed(USER, NOW));
		assertThat(this.journal).containsExactly("begin",
				"in transaction: claim until " + NOW.plusSeconds(60).plusSeconds(30), "commit",
				"outside a transaction: directory write password-1", "begin", "in transaction: spend claimed",
				"in transaction: remember hash-1", "in transaction: invalidate links",
				"in transaction: invalidate codes", "in transaction: mail to user@example.com",
				"in transaction: audit changed", "commit");
		verify(this.credentials, never()).setPassword(anyString(), any(), anyString(), anyBoolean(), any(),
				anyString());
	}

	@Test
	void aDirectoryThatRefusesThePasswordGetsTheClaimGivenBackAndNothingElseWritten() {
		inADirectory();
		DirectoryPasswordRefusedException refused = mock(DirectoryPasswordRefusedException.class);
		when(refused.reason()).thenReturn(DirectoryPasswordRefusedException.Reason.IN_HISTORY);
		doAnswer((call) -> {
			write("directory write");
			throw refused;
		}).when(this.credentials).setDirectoryPassword(anyString(), any(), anyString(), anyBoolean());

		assertThatExceptionOfType(PasswordRejectedException.class)
			.isThrownBy(
					() -> this.change.commit(passwordChange(PasswordChange.Change.spending(USER, new JournalingUse()))))
			.satisfies((ex) -> assertThat(ex.reasons()).hasSize(1));

		assertThat(this.journal).containsExactly("begin",
				"in transaction: claim until " + NOW.plusSeconds(60).plusSeconds(30), "commit",
				"outside a transaction: directory write", "begin", "in transaction: release", "commit");
		verify(this.outbox, never()).enqueue(any());
		verify(this.audit, never()).recordInTransaction(any());
	}

	@Test
	void aDirectoryThatIsDownGetsTheClaimGivenBackAndTheOutageThrough() {
		inADirectory();
		doAnswer((call) -> {
			write("directory write");
			throw new DataAccessResourceFailureException("the directory did not answer");
		}).when(this.credentials).setDirectoryPassword(anyString(), any(), anyString(), anyBoolean());

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(
				() -> this.change.commit(passwordChange(PasswordChange.Change.spending(USER, new JournalingUse()))));

		assertThat(this.journal).endsWith("outside a transaction: directory write", "begin", "in transaction: release",
				"commit");
		verify(this.outbox, never()).enqueue(any());
		verify(this.audit, never()).recordInTransaction(any());
	}

	@Test
	void aClaimLostToAConcurrentUseNeverReachesTheDirectory() {
		inADirectory();
		JournalingUse taken = new JournalingUse() {

			@Override
			public void claim(UUID claim, Instant now, Instant until) {
				write("claim");
				throw new InvalidResetTokenException();
			}

		};

		assertThatExceptionOfType(InvalidResetTokenException.class)
			.isThrownBy(() -> this.change.commit(passwordChange(PasswordChange.Change.spending(USER, taken))));

		assertThat(this.journal).containsExactly("begin", "in transaction: claim", "rollback");
		verify(this.credentials, never()).setDirectoryPassword(anyString(), any(), anyString(), anyBoolean());
	}

	@Test
	void anInternalStoreSpendsItsCodeInTheOneTransaction() {
		this.change.commit(passwordChange(PasswordChange.Change.spending(USER, new JournalingUse())));

		assertThat(this.journal).startsWith("begin", "in transaction: spend", "in transaction: set password hash-1")
			.endsWith("commit")
			.containsOnlyOnce("begin");
	}

	@Test
	void oneTimePasswordResetHashesBeforeTheTransactionOpens() {
		// The whole admin reset, with this piece real and everything around it a
		// journaling mock.
		PasswordHashing hashing = mock(PasswordHashing.class);
		when(hashing.hash(anyString())).thenAnswer((call) -> {
			this.journal
				.add(TransactionSynchronizationManager.isActualTransactionActive() ? "hash in transaction" : "hash");
			return "hash-1";
		});
		when(hashing.withTurn(any())).thenAnswer((call) -> {
			this.journal.add("turn");
			try {
				return call.<Supplier<?>>getArgument(0).get();
			}
			finally {
				this.journal.add("turn ends");
			}
		});
		RateLimiter limiter = mock(RateLimiter.class);
		when(limiter.tryAcquire(any(), anyString())).thenAnswer((call) -> {
			this.journal.add(TransactionSynchronizationManager.isActualTransactionActive() ? "rate limit in transaction"
					: "rate limit");
			return new RateLimiter.Decision(true, Duration.ZERO);
		});
		when(this.policies.generateTemporaryPassword(STORE)).thenReturn("Temporary-Password-1");
		UserAttributes attributes = mock(UserAttributes.class);
		when(attributes.primaryEmail()).thenReturn(Optional.empty());
		UserCredentials user = new UserCredentials(USER, STORE, attributes, true, "old-hash", false, null, null, null);
		when(this.credentials.credentials(STORE, USER)).thenReturn(user);
		ResetProperties properties = mock(ResetProperties.class, Answers.RETURNS_DEEP_STUBS);
		when(properties.otpPassword().maskInResponse()).thenReturn(false);
		when(properties.otpPassword().ttl()).thenReturn(Duration.ofHours(1));
		when(properties.administratorResets().maxPerUser()).thenReturn(10);
		when(properties.administratorResets().window()).thenReturn(Duration.ofHours(1));
		PasswordResetService resets = new PasswordResetService(mock(UserService.class), this.credentials, this.policies,
				hashing, this.audit, properties, Clock.fixed(NOW, ZoneOffset.UTC), this.tokens,
				mock(ResetMetrics.class), limiter, this.change, mock(ChosenPasswords.class),
				mock(DirectoryUserCreation.class));

		IssuedPassword issued = resets.resetWithOneTimePassword(STORE, USER, AuditActor.SYSTEM);

		assertThat(issued.password()).isEqualTo("Temporary-Password-1");
		// Counted on the turn: a reset refused for want of a turn counts nothing.
		assertThat(this.journal).containsExactly("turn", "rate limit", "hash", "turn ends", "begin",
				"in transaction: set password hash-1", "in transaction: remember hash-1",
				"in transaction: invalidate links", "in transaction: invalidate codes",
				"in transaction: audit mode OTP: a one-time password was issued", "commit");
	}

	private PasswordChange.Change passwordChange(PasswordChange.Subject subject) {
		return new PasswordChange.Change(STORE, subject,
				PasswordChange.NewPassword.chosen("hash-1", "password-1", "test"), null, (now) -> List.of(mail()),
				success("changed"));
	}

	private void inADirectory() {
		when(this.credentials.directoryOf(STORE)).thenReturn(Optional.of("oud"));
		when(this.credentials.longestDirectoryWrite("oud")).thenReturn(Duration.ofSeconds(60));
		doAnswer((call) -> write("directory write " + call.getArgument(2))).when(this.credentials)
			.setDirectoryPassword(anyString(), any(), anyString(), anyBoolean());
	}

	private static PasswordChange.Success success(String reason) {
		return (userId, at) -> AuditActor.SYSTEM.event(AuditEventType.PASSWORD_RESET, AuditOutcome.SUCCESS, at, "test",
				"user/" + userId, reason);
	}

	private static OutgoingMail mail() {
		return new OutgoingMail("user@example.com", "Your password was changed", "text", null);
	}

	private Object write(String what) {
		this.journal.add((TransactionSynchronizationManager.isActualTransactionActive() ? "in transaction: "
				: "outside a transaction: ") + what);
		return null;
	}

	/** A code or link that writes what is done with it into the journal. */
	private class JournalingUse implements PasswordChange.SingleUse {

		@Override
		public void spend(Instant now) {
			write("spend");
		}

		@Override
		public void claim(UUID claim, Instant now, Instant until) {
			write("claim until " + until);
		}

		@Override
		public boolean spendClaimed(UUID claim, Instant now) {
			write("spend claimed");
			return true;
		}

		@Override
		public void release(UUID claim) {
			write("release");
		}

	}

	/**
	 * A transaction manager with no database, that writes its begin, commit and rollback.
	 */
	private final class JournalingTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			PasswordChangeTests.this.journal.add("begin");
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			PasswordChangeTests.this.journal.add("commit");
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			PasswordChangeTests.this.journal.add("rollback");
		}

	}

}
