package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

public record PhoneNumber(String value, @Nullable String type, boolean primary) {
}
