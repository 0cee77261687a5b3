package dev.passwordreset.password;

import org.jspecify.annotations.Nullable;

/**
 * A partial update of a password policy: null leaves a setting as it is.
 */
public record PasswordPolicyChange(@Nullable Integer minimumPasswordLength, @Nullable Integer maximumPasswordLength,
		@Nullable Boolean requireUppercaseCharacters, @Nullable Boolean requireLowercaseCharacters,
		@Nullable Boolean requireNumbers, @Nullable Boolean requireSymbols, @Nullable Integer maxPasswordAge,
		@Nullable Integer passwordReusePrevention) {

	PasswordPolicy applyTo(PasswordPolicy policy) {
		return new PasswordPolicy(pick(this.minimumPasswordLength, policy.minimumPasswordLength()),
				pick(this.maximumPasswordLength, policy.maximumPasswordLength()),
				pick(this.requireUppercaseCharacters, policy.requireUppercaseCharacters()),
				pick(this.requireLowercaseCharacters, policy.requireLowercaseCharacters()),
				pick(this.requireNumbers, policy.requireNumbers()), pick(this.requireSymbols, policy.requireSymbols()),
				(this.maxPasswordAge != null) ? this.maxPasswordAge : policy.maxPasswordAge(),
				(this.passwordReusePrevention != null) ? this.passwordReusePrevention
						: policy.passwordReusePrevention());
	}

	private static <T> T pick(@Nullable T value, T current) {
		return (value != null) ? value : current;
	}

}
