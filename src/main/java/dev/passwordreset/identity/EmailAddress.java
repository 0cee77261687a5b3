package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

public record EmailAddress(String value, @Nullable String type, boolean primary, boolean verified) {
}
