package dev.passwordreset.reset;

import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The reset flows' series. Labels name which face, mode, channel or outcome, never a
 * user, an address or an id, so their number stays small and they leak nothing.
 */
@Component
class ResetMetrics {

	static final String IDENTITY_CENTER = "identity_center";

	static final String OAM = "oam";

	static final String SELF_SERVICE = "self_service";

	static final String OTP = "otp";

	static final String EMAIL = "email";

	static final String ACCEPTED = "accepted";

	static final String RATE_LIMITED = "rate_limited";

	/**
	 * Why a user's sign-in was refused, as {@code authentication_failures_total} names
	 * it.
	 */
	enum SignInFailure {

		UNKNOWN_USER, LOCKED_OUT, WRONG_PASSWORD, USER_DISABLED, PASSWORD_EXPIRED

	}

	private final MeterRegistry registry;

	ResetMetrics(MeterRegistry registry) {
		this.registry = registry;
		// Every series a dashboard or an alert may name exists from the start, at zero,
		// so that rate() and absent() work before the first event.
		for (String outcome : List.of("success", "failure")) {
			requests(IDENTITY_CENTER, OTP, outcome);
			requests(IDENTITY_CENTER, EMAIL, outcome);
			requests(OAM, OTP, outcome);
			confirmations(outcome);
			validations(outcome);
		}
		requests(SELF_SERVICE, EMAIL, ACCEPTED);
		requests(SELF_SERVICE, EMAIL, RATE_LIMITED);
		for (SignInFailure failure : SignInFailure.values()) {
			signInFailures(failure);
		}
		for (CodeChannel channel : CodeChannel.values()) {
			issued(channel);
		}
	}

	/** {@code password_reset_requests_total{api, mode, outcome}}. */
	void resetRequested(String api, String mode, String outcome) {
		requests(api, mode, outcome).increment();
	}

	private Counter requests(String api, String mode, String outcome) {
		return Counter.builder("password.reset.requests")
			.description("Password resets asked for, by API face, mode and outcome")
			.tag("api", api)
			.tag("mode", mode)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	void resetRequested(String api, String mode, boolean succeeded) {
		resetRequested(api, mode, succeeded ? "success" : "failure");
	}

	/**
	 * {@code password_reset_confirmations_total{outcome}}: reset links presented with a
	 * password.
	 */
	void confirmed(boolean succeeded) {
		confirmations(succeeded ? "success" : "failure").increment();
	}

	private Counter confirmations(String outcome) {
		return Counter.builder("password.reset.confirmations")
			.description("Reset links presented with a new password, by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	/**
	 * {@code authentication_failures_total{method="user_password", reason}}: a user's
	 * refused sign-in, beside the callers' refused credentials the faces count under the
	 * same name.
	 */
	void signInFailed(SignInFailure reason) {
		signInFailures(reason).increment();
	}

	private Counter signInFailures(SignInFailure reason) {
		return Counter.builder("authentication.failures")
			.description("Requests refused for their credentials, by method and reason")
			.tag("method", "user_password")
			.tag("reason", reason.name().toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

	/** {@code otp_issued_total{channel}}. */
	void codeIssued(CodeChannel channel) {
		issued(channel).increment();
	}

	private Counter issued(CodeChannel channel) {
		return Counter.builder("otp.issued")
			.description("One-time codes issued, by delivery channel")
			.tag("channel", channel.name().toLowerCase(Locale.ROOT))
			.register(this.registry);
	}

	/** {@code otp_validations_total{outcome}}. */
	void codeValidated(boolean succeeded) {
		validations(succeeded ? "success" : "failure").increment();
	}

	private Counter validations(String outcome) {
		return Counter.builder("otp.validations")
			.description("One-time codes presented to validateOTP, by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
