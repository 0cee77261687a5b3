package dev.passwordreset.identity;

import java.util.UUID;

/**
 * A user's membership of a group of the same identity store.
 */
public record GroupMembershipInfo(UUID membershipId, String identityStoreId, UUID groupId, UUID userId) {
}
