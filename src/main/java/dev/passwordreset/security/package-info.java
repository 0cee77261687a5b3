/**
 * Caller authentication: access keys, the master key that protects their secrets, the
 * caller's role.
 */
@NullMarked
package dev.passwordreset.security;

import org.jspecify.annotations.NullMarked;
