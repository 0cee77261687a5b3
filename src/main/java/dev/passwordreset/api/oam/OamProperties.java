package dev.passwordreset.api.oam;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the OAM face; the one-time codes' own are under {@code reset.oam.otp}.
 *
 * @param defaultIdentityStore the identity store's name when a request names none
 * (createOTP without idStore, a path with a user id only); by default "default", the
 * store created at the first start
 */
@Validated
@ConfigurationProperties("reset.oam")
record OamProperties(@DefaultValue("default") @NotBlank @Size(max = 64) String defaultIdentityStore) {
}
