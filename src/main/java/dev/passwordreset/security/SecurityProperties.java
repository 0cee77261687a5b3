package dev.passwordreset.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Caller security settings.
 *
 * @param masterKey base64 of the 32-byte AES key that encrypts access-key secrets at rest. On the
 * embedded default it is generated into the data directory when unset; with the
 * {@code postgres} profile it is required.
 */
@Validated
@ConfigurationProperties("reset.security")
record SecurityProperties(@Nullable String masterKey) {
}
