package dev.passwordreset.identity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record AccountInfo(String accountId, String organizationId, String name, @Nullable String email,
		boolean managementAccount, boolean delegatedAdministrator, Instant createdAt) {
}
