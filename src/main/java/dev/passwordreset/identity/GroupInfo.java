package dev.passwordreset.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A group as the rest of the service sees it.
 */
public record GroupInfo(UUID groupId, String identityStoreId, GroupAttributes attributes, Instant createdAt,
		String createdBy, Instant updatedAt, String updatedBy) {
}
