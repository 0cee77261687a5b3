/**
 * One-time codes: numeric, from {@code SecureRandom}, stored only as an HMAC under a
 * server-side key, bound to one flow, with a lifetime, a cap on wrong guesses and single
 * use, each of them a conditional update so that instances sharing the database agree.
 */
@ApplicationModule(allowedDependencies = { "retention" })
@NullMarked
package dev.passwordreset.otp;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
