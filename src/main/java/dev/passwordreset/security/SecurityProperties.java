package dev.passwordreset.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Caller security settings.
 *
 * @param masterKey base64 of the 32-byte AES key that encrypts access-key secrets at
 * rest. On the embedded default it is generated into the data directory when unset; with
 * the postgres profile it is required.
 * @param maxClockSkew how far a signed request's X-Sdk-Date may be from the server's
 * clock, either way; 15 minutes by default, as at Huawei's gateway
 * @param jwt bearer tokens
 */
@Validated
@ConfigurationProperties("reset.security")
record SecurityProperties(@Nullable String masterKey,
		@DefaultValue("15m") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration maxClockSkew,
		@Valid @DefaultValue Jwt jwt) {

	/**
	 * @param issuer the iss of the tokens this service mints and accepts;
	 * password-reset-service by default
	 * @param clockSkew the leeway on exp and nbf; 60 seconds by default
	 * @param trustedIssuers external issuers (a corporate IdP) whose RS256/ES256 tokens
	 * are accepted too
	 */
	record Jwt(@NotBlank @DefaultValue("password-reset-service") String issuer,
			@DefaultValue("60s") @DurationMin(seconds = 0) @DurationMax(minutes = 5) Duration clockSkew,
			@DefaultValue List<@Valid TrustedIssuer> trustedIssuers) {
	}

	/**
	 * @param issuer the iss it puts in its tokens
	 * @param publicKey its public key: base64 of the X.509 SubjectPublicKeyInfo, with or
	 * without the PEM armour
	 * @param accountClaim the claim that holds the account id; "sub" by default
	 */
	record TrustedIssuer(@NotBlank String issuer, @NotBlank String publicKey,
			@NotBlank @DefaultValue("sub") String accountClaim) {
	}

}
