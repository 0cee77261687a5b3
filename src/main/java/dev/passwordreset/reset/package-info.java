/**
 * The reset core that both API faces call: one-time passwords set by an administrator,
 * the sign-in check, and emailed reset links and their confirmation.
 */
@ApplicationModule(allowedDependencies = { "identity", "otp", "password", "mail", "audit", "ratelimit", "sms", "ldap",
		"retention" })
@NullMarked
package dev.passwordreset.reset;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
