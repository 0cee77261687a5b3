package dev.passwordreset.security;

import java.time.Instant;

/**
 * An access key without its secret: what listings show.
 */
public record AccessKeyInfo(String accessKeyId, String accountId, String status, Instant createdAt) {
}
