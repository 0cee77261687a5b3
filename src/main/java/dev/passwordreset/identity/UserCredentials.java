package dev.passwordreset.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a sign-in check needs to know about a user: never shown to a caller.
 *
 * @param attributes the user's attributes for checks and messages; for a user stored here
 * without the postal addresses and external IDs (empty), which neither uses
 * @param passwordHash null while no password was ever set
 * @param passwordExpiresAt when a one-time password stops working, or null
 * @param lockedUntil the end of a lockout, or null
 * @param passwordSetAt when the current password was set, or null while none was
 */
public record UserCredentials(UUID userId, String identityStoreId, UserAttributes attributes, boolean enabled,
		@Nullable String passwordHash, boolean passwordChangeRequired, @Nullable Instant passwordExpiresAt,
		@Nullable Instant lockedUntil, @Nullable Instant passwordSetAt) {

	/** Whether the password was set {@code maxAge} or longer before {@code now}. */
	public boolean isPasswordOlderThan(Duration maxAge, Instant now) {
		return this.passwordSetAt != null && !this.passwordSetAt.plus(maxAge).isAfter(now);
	}

	public boolean isLockedAt(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	public boolean isPasswordExpiredAt(Instant now) {
		return this.passwordExpiresAt != null && !this.passwordExpiresAt.isAfter(now);
	}

	@Override
	public String toString() {
		return "UserCredentials[userId=" + this.userId + "]";
	}

}
