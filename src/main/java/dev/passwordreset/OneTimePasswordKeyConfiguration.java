package dev.passwordreset;

import dev.passwordreset.otp.OneTimePasswordKey;
import dev.passwordreset.security.DerivedKeys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the one-time codes their HMAC key, derived from the master key. It lives here,
 * where the application is put together, because {@code otp} must not depend on
 * {@code security}.
 */
@Configuration(proxyBeanMethods = false)
class OneTimePasswordKeyConfiguration {

	@Bean
	OneTimePasswordKey oneTimePasswordKey(DerivedKeys keys) {
		return new OneTimePasswordKey(keys.forPurpose("one-time-code-hmac"));
	}

}
