package dev.passwordreset.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An audit event refuses what could carry a secret, and never repeats it when it refuses.
 */
class AuditEventTests {

	private static final String SECRET = "ExampleSecret0123456789abcdefghijklmnopq";

	@Test
	void aWellFormedEventIsAccepted() {
		AuditEvent event = event("0123456789abcdef0123456789abcdef", "AKEXAMPLE00000000001", "/v1/organization",
				"BAD_CREDENTIALS: the secret is wrong");
		assertThat(event.accessKeyId()).isEqualTo("AKEXAMPLE00000000001");
	}

	@Test
	void aSecretAccessKeyDoesNotFitWhereAnIdGoes() {
		assertThatIllegalArgumentException().isThrownBy(() -> event(null, SECRET, null, "reason"))
			.withMessageNotContaining(SECRET);
		assertThatIllegalArgumentException().isThrownBy(() -> event(SECRET, null, null, "reason"))
			.withMessageNotContaining(SECRET);
	}

	@Test
	void textIsBoundedAndFreeOfControlCharacters() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> event(null, null, "/" + "a".repeat(AuditEvent.MAX_RESOURCE_LENGTH), "reason"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> event(null, null, null, "r".repeat(AuditEvent.MAX_REASON_LENGTH + 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> event(null, null, null, "forged\nline"));
		assertThatIllegalArgumentException().isThrownBy(() -> event(null, null, null, " "));
	}

	@Test
	void requestIdsAndActionsMustLookLikeThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditEvent(AuditEventType.ACCESS_DENIED,
				AuditOutcome.DENIED, Instant.now(), null, null, "127.0.0.1", "id with spaces", null, null, "reason"));
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditEvent(AuditEventType.ACCESS_DENIED,
				AuditOutcome.DENIED, Instant.now(), null, null, "127.0.0.1", null, "a b", null, "reason"));
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditEvent(AuditEventType.ACCESS_DENIED,
				AuditOutcome.DENIED, Instant.now(), null, null, "<script>", null, null, null, "reason"));
	}

	private static AuditEvent event(String accountId, String accessKeyId, String resource, String reason) {
		return new AuditEvent(AuditEventType.AUTHENTICATION_FAILED, AuditOutcome.FAILURE, Instant.now(), accountId,
				accessKeyId, "127.0.0.1", "0123456789abcdef0123456789abcdef", "identitystore:user:list", resource,
				reason);
	}

}
