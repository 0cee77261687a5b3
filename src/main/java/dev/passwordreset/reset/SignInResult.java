package dev.passwordreset.reset;

import java.util.UUID;

public record SignInResult(UUID userId, boolean passwordChangeRequired) {
}
