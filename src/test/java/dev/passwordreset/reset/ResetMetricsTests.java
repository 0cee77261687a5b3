package dev.passwordreset.reset;

import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset flows' series exist from the start, at zero, for every label value they can
 * take, so that rate() and absent() in a dashboard or an alert work before the first
 * event.
 */
class ResetMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void everyKnownSeriesExistsAtZeroBeforeTheFirstEvent() {
		new ResetMetrics(this.registry);

		for (String outcome : new String[] { "success", "failure" }) {
			assertZero(this.registry.get("password.reset.requests")
				.tags("api", "identity_center", "mode", "otp", "outcome", outcome));
			assertZero(this.registry.get("password.reset.requests")
				.tags("api", "identity_center", "mode", "email", "outcome", outcome));
			assertZero(
					this.registry.get("password.reset.requests").tags("api", "oam", "mode", "otp", "outcome", outcome));
			assertZero(this.registry.get("password.reset.confirmations").tag("outcome", outcome));
			assertZero(this.registry.get("otp.validations").tag("outcome", outcome));
		}
		for (String outcome : new String[] { "accepted", "rate_limited" }) {
			assertZero(this.registry.get("password.reset.requests")
				.tags("api", "self_service", "mode", "email", "outcome", outcome));
		}
		for (String reason : new String[] { "unknown_user", "locked_out", "wrong_password", "user_disabled",
				"password_expired" }) {
			assertZero(this.registry.get("authentication.failures").tags("method", "user_password", "reason", reason));
		}
		for (String channel : new String[] { "email", "sms", "totp", "custom" }) {
			assertZero(this.registry.get("otp.issued").tag("channel", channel));
		}
	}

	@Test
	void anEventMovesOnlyItsOwnSeries() {
		ResetMetrics metrics = new ResetMetrics(this.registry);

		metrics.codeIssued(CodeChannel.CUSTOM);
		metrics.signInFailed(ResetMetrics.SignInFailure.LOCKED_OUT);

		assertThat(this.registry.get("otp.issued").tag("channel", "custom").counter().count()).isEqualTo(1);
		assertZero(this.registry.get("otp.issued").tag("channel", "email"));
		assertThat(this.registry.get("authentication.failures").tag("reason", "locked_out").counter().count())
			.isEqualTo(1);
		assertZero(this.registry.get("authentication.failures").tag("reason", "wrong_password"));
	}

	private static void assertZero(RequiredSearch series) {
		assertThat(series.counter().count()).isZero();
	}

}
