package dev.passwordreset.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user as the rest of the service sees it. Carries no password material, only whether
 * one is set and whether it must be changed.
 */
public record UserInfo(UUID userId, String identityStoreId, UserAttributes attributes, boolean enabled,
		boolean passwordSet, boolean passwordChangeRequired, @Nullable Instant passwordSetAt, Instant createdAt,
		String createdBy, Instant updatedAt, String updatedBy) {

	public Optional<EmailAddress> primaryEmail() {
		return this.attributes.primaryEmail();
	}

}
