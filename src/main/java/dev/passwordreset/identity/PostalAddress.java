package dev.passwordreset.identity;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One of a user's addresses, in the parts Huawei's {@code AddressDto} (and SCIM before
 * it) names. Every part is optional; an address with no part at all is no address and is
 * dropped on write.
 */
public record PostalAddress(@Nullable String streetAddress, @Nullable String locality, @Nullable String region,
		@Nullable String postalCode, @Nullable String country, @Nullable String formatted, @Nullable String type,
		boolean primary) {

	/**
	 * Whether no part is set; {@code type} and {@code primary} alone describe nothing.
	 */
	public boolean isEmpty() {
		return Stream.of(this.streetAddress, this.locality, this.region, this.postalCode, this.country, this.formatted)
			.allMatch((part) -> part == null || part.isBlank());
	}

}
