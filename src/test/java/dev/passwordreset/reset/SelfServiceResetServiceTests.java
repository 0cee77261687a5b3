package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * The request side of "forgot password" without a Spring context: the same work for every
 * request (the address's limit and the stored request), and nothing stored past the
 * limit. SelfServiceHandOverTests proves the worker's side on a real database.
 */
class SelfServiceResetServiceTests {

	private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	private static final ForgottenPassword REQUEST = ForgottenPassword.byNameOrEmail("d-1234567890",
			"alice@example.com");

	private static final AuditActor VISITOR = new AuditActor(null, null, "198.51.100.4", "req-1");

	private final SelfServiceRequestStore requests = mock(SelfServiceRequestStore.class);

	private final SelfServiceWorker worker = mock(SelfServiceWorker.class);

	private final RateLimiter limiter = mock(RateLimiter.class);

	private final AuditLog audit = mock(AuditLog.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	SelfServiceResetServiceTests() {
		given(this.limiter.declare(any())).willAnswer((call) -> call.getArgument(0));
	}

	@Test
	void anAcceptedRequestIsStoredWithTheAddressesEventAndWakesTheWorker() {
		allowAndRun();
		service(true).request(REQUEST, VISITOR);
		then(this.requests).should().insert(any(), eq(REQUEST), eq(VISITOR), eq(NOW));
		then(this.worker).should().wakeUp();
		ArgumentCaptor<RateLimit> limit = ArgumentCaptor.forClass(RateLimit.class);
		then(this.limiter).should().tryAcquire(limit.capture(), eq("198.51.100.4"), any());
		assertThat(limit.getValue().name()).isEqualTo("self_service_address");
		assertThat(limit.getValue().maxEvents()).isEqualTo(20);
		assertThat(requests("accepted")).isEqualTo(1.0);
		then(this.audit).shouldHaveNoInteractions();
	}

	@Test
	void requestsWithoutAKnownAddressShareOneLimit() {
		allowAndRun();
		service(true).request(REQUEST, AuditActor.SYSTEM);
		then(this.limiter).should().tryAcquire(any(), eq("unknown"), any());
	}

	@Test
	void aRequestPastTheAddressesLimitStoresNothingAndIsAuditedAndCounted() {
		given(this.limiter.tryAcquire(any(), anyString(), any()))
			.willReturn(new RateLimiter.Decision(false, Duration.ofMinutes(12)));
		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> service(true).request(REQUEST, VISITOR))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(12)));
		then(this.requests).shouldHaveNoInteractions();
		then(this.worker).should(never()).wakeUp();
		ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.audit).should().record(event.capture());
		assertThat(event.getValue().outcome()).isEqualTo(AuditOutcome.FAILURE);
		assertThat(event.getValue().clientAddress()).isEqualTo("198.51.100.4");
		assertThat(event.getValue().reason()).doesNotContain("alice");
		assertThat(requests("rate_limited")).isEqualTo(1.0);
	}

	@Test
	void whileDisabledNoRequestIsTaken() {
		SelfServiceResetService disabled = service(false);
		assertThat(disabled.isEnabled()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> disabled.request(REQUEST, VISITOR));
		then(this.limiter).should(never()).tryAcquire(any(), anyString(), any());
		then(this.requests).shouldHaveNoInteractions();
	}

	/** The limiter allows, and runs the writes that belong with the event. */
	private void allowAndRun() {
		given(this.limiter.tryAcquire(any(), anyString(), any())).willAnswer((call) -> {
			call.<Runnable>getArgument(2).run();
			return new RateLimiter.Decision(true, Duration.ZERO);
		});
	}

	private SelfServiceResetService service(boolean enabled) {
		ResetProperties properties = new ResetProperties(new ResetProperties.OtpPassword(Duration.ofHours(24), false),
				new ResetProperties.Lockout(10, Duration.ofMinutes(15)),
				new ResetProperties.ResetLink(Duration.ofHours(1)),
				new ResetProperties.SelfService(enabled, new ResetProperties.PerUser(5, Duration.ofHours(1)),
						new ResetProperties.PerAddress(20, Duration.ofHours(1)),
						new ResetProperties.Worker(true, 2, Duration.ofSeconds(1), 20, Duration.ofMinutes(1),
								Duration.ofSeconds(5), Duration.ofMinutes(5), 5)),
				new ResetProperties.AdministratorResets(10, Duration.ofHours(1)), "https://reset.example.com");
		return new SelfServiceResetService(this.requests, this.worker, this.limiter, this.audit,
				new ResetMetrics(this.meters), Clock.fixed(NOW, ZoneOffset.UTC), properties);
	}

	private double requests(String outcome) {
		return this.meters.get("password.reset.requests")
			.tag("api", "self_service")
			.tag("mode", "email")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
