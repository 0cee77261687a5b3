package dev.passwordreset.security;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Caller security settings.
 *
 * @param masterKey base64 of the 32-byte AES key that encrypts access-key secrets at rest. On the
 * embedded default it is generated into the data directory when unset; with the
 * {@code postgres} profile it is required.
 * @param maxClockSkew how far a signed request's {@code X-Sdk-Date} may be from the server's
 * clock, either way; 15 minutes by default, as at Huawei's gateway
 */
@Validated
@ConfigurationProperties("reset.security")
record SecurityProperties(@Nullable String masterKey,
		@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration maxClockSkew) {
}
