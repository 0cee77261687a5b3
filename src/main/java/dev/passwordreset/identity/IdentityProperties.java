package dev.passwordreset.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the identity model.
 *
 * @param usersQuota how many users one identity store may hold; the default is 10000, and
 * the store summary reports it
 * @param groupsQuota how many groups one identity store may hold; the default is 10000,
 * and the store summary reports it
 */
@Validated
@ConfigurationProperties("reset.identity")
record IdentityProperties(@Min(1) @Max(10_000_000) @DefaultValue("10000") long usersQuota,
		@Min(1) @Max(10_000_000) @DefaultValue("10000") long groupsQuota) {
}
