package dev.passwordreset.security;

import dev.passwordreset.otp.OneTimePasswordKey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the one-time codes their HMAC key, derived from the master key. It lives here,
 * beside the master key, because {@code otp} must not depend on {@code security}. It once
 * lived in the application's root package, but every feature may use that package (for
 * {@code DataDirectory}), so a root class that used {@code security} closed a cycle.
 */
@Configuration(proxyBeanMethods = false)
class OneTimePasswordKeyConfiguration {

	@Bean
	OneTimePasswordKey oneTimePasswordKey(DerivedKeys keys) {
		return new OneTimePasswordKey(keys.forPurpose("one-time-code-hmac"));
	}

}
