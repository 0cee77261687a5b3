package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.mail.MailOutbox;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.otp.OneTimePasswordService;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.ratelimit.RateLimiter;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;

/**
 * What the reset services are tested over on their own: their stores, the outbox, the
 * audit log and the rate limiter as mocks, hashing that answers
 * {@code hash of <password>} at once, every rate limit passed unless a test says
 * otherwise, and the transaction manager without a database under the real
 * {@link PasswordChange}.
 */
final class ResetCollaborators {

	final UserCredentialService credentials = mock(UserCredentialService.class);

	final PasswordPolicyService policies = mock(PasswordPolicyService.class);

	final PasswordHashing hashing = mock(PasswordHashing.class);

	final AuditLog audit = mock(AuditLog.class);

	final ResetTokenStore tokens = mock(ResetTokenStore.class);

	final OneTimePasswordService codes = mock(OneTimePasswordService.class);

	final RateLimiter limiter = mock(RateLimiter.class);

	final MailOutbox outbox = mock(MailOutbox.class);

	final ImmediateTransactions transactions = new ImmediateTransactions();

	ResetCollaborators() {
		given(this.limiter.declare(any())).willAnswer((call) -> call.getArgument(0));
		given(this.limiter.tryAcquire(any(), anyString())).willReturn(new RateLimiter.Decision(true, Duration.ZERO));
		given(this.hashing.withTurn(any())).willAnswer((call) -> call.<Supplier<?>>getArgument(0).get());
		given(this.hashing.hash(anyString())).willAnswer((call) -> "hash of " + call.getArgument(0));
	}

	/** The real set-password step over these collaborators. */
	PasswordChange change(Clock clock) {
		return new PasswordChange(this.credentials, this.policies, this.tokens, this.codes, this.outbox, this.audit,
				clock, this.transactions);
	}

	/** The one mail queued. */
	OutgoingMail onlyMail() {
		ArgumentCaptor<OutgoingMail> mail = ArgumentCaptor.forClass(OutgoingMail.class);
		then(this.outbox).should().enqueue(mail.capture());
		return mail.getValue();
	}

	/** The one success recorded, in the change's transaction. */
	AuditEvent successAudit() {
		ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.audit).should().recordInTransaction(event.capture());
		assertThat(event.getValue().outcome()).isEqualTo(AuditOutcome.SUCCESS);
		return event.getValue();
	}

	/** The last event recorded on its own, outside the change's transaction. */
	AuditEvent lastRecorded() {
		ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.audit).should(atLeastOnce()).record(event.capture());
		return event.getValue();
	}

}
