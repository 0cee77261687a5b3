package dev.passwordreset.identity;

public record IdentityStoreSummary(String identityStoreId, long users, long usersQuota, long groups, long groupsQuota) {
}
