package dev.passwordreset.reset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The reset flows' series. Labels name which face, mode, channel or outcome, never a user, an
 * address or an id, so their number stays small and they leak nothing.
 */
@Component
class ResetMetrics {

	static final String IDENTITY_CENTER = "identity_center";

	static final String OAM = "oam";

	static final String SELF_SERVICE = "self_service";

	private final MeterRegistry registry;

	ResetMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** {@code password_reset_requests_total{api, mode, outcome}}. */
	void resetRequested(String api, String mode, String outcome) {
		Counter.builder("password.reset.requests")
			.description("Password resets asked for, by API face, mode and outcome")
			.tag("api", api)
			.tag("mode", mode)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void resetRequested(String api, String mode, boolean succeeded) {
		resetRequested(api, mode, succeeded ? "success" : "failure");
	}

	/** {@code password_reset_confirmations_total{outcome}}: reset links presented with a password. */
	void confirmed(boolean succeeded) {
		Counter.builder("password.reset.confirmations")
			.description("Reset links presented with a new password, by outcome")
			.tag("outcome", succeeded ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

	/**
	 * {@code authentication_failures_total{method="user_password", reason}}: a user's refused
	 * sign-in, beside the callers' refused credentials the faces count under the same name.
	 */
	void signInFailed(String reason) {
		Counter.builder("authentication.failures")
			.description("Requests refused for their credentials, by method and reason")
			.tag("method", "user_password")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	/** {@code otp_issued_total{channel}}. */
	void codeIssued(String channel) {
		Counter.builder("otp.issued")
			.description("One-time codes issued, by delivery channel")
			.tag("channel", channel)
			.register(this.registry)
			.increment();
	}

	/** {@code otp_validations_total{outcome}}. */
	void codeValidated(boolean succeeded) {
		Counter.builder("otp.validations")
			.description("One-time codes presented to validateOTP, by outcome")
			.tag("outcome", succeeded ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

}
