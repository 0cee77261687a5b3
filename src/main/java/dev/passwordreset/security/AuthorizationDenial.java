package dev.passwordreset.security;

import java.time.Instant;

/**
 * Why a caller was denied, as an administrator needs it to fix a policy: who, what, on
 * what and why. Never a secret: the principal is named by account and key id only.
 *
 * @param accountId the caller's account
 * @param accessKeyId the key it signed with
 * @param role the caller's role when it was denied
 * @param action the action it tried, such as {@code identitystore:user:list}
 * @param resource the path it tried it on
 * @param reason why no rule allowed it
 * @param requestId the request, to find it in the logs
 * @param deniedAt when
 */
public record AuthorizationDenial(String accountId, String accessKeyId, String role, String action, String resource,
		String reason, String requestId, Instant deniedAt) {
}
