/**
 * Passwords: each identity store's policy and the Passay rules that enforce it, password
 * hashing, each user's password history, and temporary passwords. Depends on no other
 * feature.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.password;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
