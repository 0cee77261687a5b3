/**
 * The Oracle Access Manager face: OAM's one-time-code calls
 * ({@code /oam/services/rest/auth/api/v1/mfa}) and password management
 * ({@code /oam/services/rest/access/api/v1/pswdmanagement}) in OAM's camelCase, with
 * every answer, errors included, in OAM's {@code {message, minorCode, resultCode}} shape.
 */
@ApplicationModule(displayName = "OAM face",
		allowedDependencies = { "api", "reset", "otp", "identity", "password", "audit", "security" })
@NullMarked
package dev.passwordreset.api.oam;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
