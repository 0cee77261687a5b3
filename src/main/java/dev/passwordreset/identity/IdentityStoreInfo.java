package dev.passwordreset.identity;

import java.time.Instant;

public record IdentityStoreInfo(String identityStoreId, String name, String instanceId, Instant createdAt,
		String createdBy, IdentityStoreKind kind) {
}
