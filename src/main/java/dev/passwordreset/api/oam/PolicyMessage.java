package dev.passwordreset.api.oam;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * OAM's {@code PolicyMessage}: one rule of a password policy, or one rule a password
 * broke.
 *
 * @param displayValue the rule for a person to read, or its bare value when descriptions
 * are not asked for
 * @param resourceBundleKey a stable key naming the rule, for an application's own texts
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
record PolicyMessage(String displayValue, String resourceBundleKey) {
}
