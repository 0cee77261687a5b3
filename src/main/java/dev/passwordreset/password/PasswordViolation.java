package dev.passwordreset.password;

/**
 * One rule a password breaks.
 *
 * @param rule the rule, whose {@link PasswordRule#key() key} names it to callers
 * @param reason a short English sentence such as "Password must be at least 12
 * characters."; it never quotes the password
 */
public record PasswordViolation(PasswordRule rule, String reason) {
}
