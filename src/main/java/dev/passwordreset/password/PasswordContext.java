package dev.passwordreset.password;

import org.jspecify.annotations.Nullable;

/**
 * What a password must not contain because it is known about its user: the user name, the
 * local part of the email address and the display name, and the words each is made of.
 * Words shorter than three characters are ignored.
 *
 * @param userName the user's name in the identity store
 * @param email the user's email address, or null
 * @param displayName the user's display name, or null
 */
public record PasswordContext(String userName, @Nullable String email, @Nullable String displayName) {
}
