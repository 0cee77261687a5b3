/**
 * Per-identity-store password policy.
 */
@NullMarked
package dev.passwordreset.password;

import org.jspecify.annotations.NullMarked;
