package dev.passwordreset.bootstrap;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the first start on an empty database creates.
 *
 * @param managementAccountId the management account's id (32 lower-case hex digits);
 * generated when unset
 * @param managementAccountName its name, "management" by default
 * @param identityStoreName the name of the identity store created on the first start;
 * "default" by default
 * @param accessKeyId the management account's first access key id; generated when unset,
 * together with the secret, and written to bootstrap-credentials.properties in the data
 * directory
 * @param secretAccessKey the secret of that key (40 letters and digits)
 */
@Validated
@ConfigurationProperties("reset.bootstrap")
record BootstrapProperties(
		@Nullable @Pattern(regexp = "([0-9a-f]{32})?",
				message = "must be 32 lower-case hexadecimal digits") String managementAccountId,
		@NotBlank @DefaultValue("management") String managementAccountName,
		@NotBlank @DefaultValue("default") String identityStoreName,
		@Nullable @Pattern(regexp = "([A-Z0-9]{20})?",
				message = "must be 20 upper-case letters and digits") String accessKeyId,
		@Nullable @Pattern(regexp = "([A-Za-z0-9]{40})?",
				message = "must be 40 letters and digits") String secretAccessKey) {

	/** Checked with the settings, so that half a key stops the start with one line. */
	@AssertTrue(message = "set both reset.bootstrap.access-key-id and reset.bootstrap.secret-access-key, or neither")
	boolean isAccessKeyComplete() {
		return !hasPartialAccessKey();
	}

	boolean hasAccessKey() {
		return hasText(this.accessKeyId) && hasText(this.secretAccessKey);
	}

	boolean hasPartialAccessKey() {
		return hasText(this.accessKeyId) != hasText(this.secretAccessKey);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
