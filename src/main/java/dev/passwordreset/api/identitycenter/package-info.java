/**
 * The Huawei Cloud IAM Identity Center face: {@code /v1} controllers, snake_case records,
 * Huawei's error format and its security chain. It translates HTTP and nothing more.
 */
@ApplicationModule(displayName = "Identity Center face",
		allowedDependencies = { "api", "reset", "otp", "identity", "password", "audit", "security" })
@NullMarked
package dev.passwordreset.api.identitycenter;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
