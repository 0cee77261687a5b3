package dev.passwordreset.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One audited step, shaped so that it cannot carry a secret: the caller is named by
 * account and key id only, every field is bounded, the ids must look like ids, and the
 * reason is one of the recorder's own fixed strings, never text taken from a request. A
 * value that does not fit is refused with an {@link IllegalArgumentException} whose
 * message never repeats the value.
 *
 * @param type what happened
 * @param outcome how it ended
 * @param occurredAt when
 * @param accountId the caller's account, when known: lower-case letters and digits, at
 * most 32
 * @param accessKeyId the access key the caller used or claimed, when known: upper-case
 * letters and digits, at most 32, so a secret access key (40 characters of both cases)
 * does not fit
 * @param clientAddress the client's IP address, when there was a client
 * @param requestId the request, to find it in the logs and in the caller's error body
 * @param action the action asked for, such as {@code identitystore:user:list}
 * @param resource the path it was asked on, without the query string, at most
 * {@value #MAX_RESOURCE_LENGTH} characters
 * @param reason why it ended so: a fixed text of the recorder's, at most
 * {@value #MAX_REASON_LENGTH} characters
 */
public record AuditEvent(AuditEventType type, AuditOutcome outcome, Instant occurredAt, @Nullable String accountId,
		@Nullable String accessKeyId, @Nullable String clientAddress, @Nullable String requestId,
		@Nullable String action, @Nullable String resource, String reason) {

	public static final int MAX_RESOURCE_LENGTH = 512;

	public static final int MAX_REASON_LENGTH = 256;

	static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9]{1,32}");

	static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{1,32}");

	/**
	 * IPv4, IPv6 with an optional zone, or a host name when a proxy valve supplies one.
	 */
	static final Pattern CLIENT_ADDRESS = Pattern.compile("[A-Za-z0-9.:%_-]{1,64}");

	static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	static final Pattern ACTION = Pattern.compile("[A-Za-z0-9:._-]{1,128}");

	public AuditEvent {
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(outcome, "'outcome' must not be null");
		Objects.requireNonNull(occurredAt, "'occurredAt' must not be null");
		Objects.requireNonNull(reason, "'reason' must not be null");
		requireMatch("accountId", accountId, ACCOUNT_ID);
		requireMatch("accessKeyId", accessKeyId, ACCESS_KEY_ID);
		requireMatch("clientAddress", clientAddress, CLIENT_ADDRESS);
		requireMatch("requestId", requestId, REQUEST_ID);
		requireMatch("action", action, ACTION);
		requireText("resource", resource, MAX_RESOURCE_LENGTH);
		requireText("reason", reason, MAX_REASON_LENGTH);
	}

	private static void requireMatch(String name, @Nullable String value, Pattern pattern) {
		if (value != null && !pattern.matcher(value).matches()) {
			throw new IllegalArgumentException("'" + name + "' must match " + pattern.pattern());
		}
	}

	private static void requireText(String name, @Nullable String value, int maxLength) {
		if (value != null
				&& (value.isBlank() || value.length() > maxLength || value.chars().anyMatch(Character::isISOControl))) {
			throw new IllegalArgumentException(
					"'" + name + "' must be 1 to " + maxLength + " characters without control characters");
		}
	}

}
