package dev.passwordreset.otp;

import java.util.UUID;

/**
 * A code whose value was right and which may still be spent with
 * {@link OneTimePasswordService#consume}.
 */
public record AcceptedCode(UUID id, UUID userId, String identityStoreId) {
}
