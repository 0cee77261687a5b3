package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

public record PhoneNumber(String value, @Nullable String type, boolean primary) {

	/**
	 * The number as a gateway dials it and as two writings of it compare: its digits,
	 * with the leading {@code +} if it has one ({@code +86 138-0000-0000} is
	 * {@code +8613800000000}).
	 */
	public String normalized() {
		String digits = this.value.replaceAll("[^0-9]", "");
		return this.value.strip().startsWith("+") ? "+" + digits : digits;
	}

}
