package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

/**
 * The identifier a user has in another system (Huawei's {@code ExternalIdDto}):
 * {@code id} as the {@code issuer} assigned it. Both are required; nullable here only so
 * that validation can say so.
 */
public record ExternalId(@Nullable String issuer, @Nullable String id) {
}
