/**
 * Caller authentication: access keys, the master key that protects their secrets, the
 * caller's role.
 */
@ApplicationModule(allowedDependencies = { "identity", "audit", "otp" })
@NullMarked
package dev.passwordreset.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
