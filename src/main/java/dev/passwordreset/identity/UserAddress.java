package dev.passwordreset.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.jspecify.annotations.Nullable;

@Embeddable
class UserAddress {

	private @Nullable String streetAddress;

	private @Nullable String locality;

	private @Nullable String region;

	private @Nullable String postalCode;

	private @Nullable String country;

	private @Nullable String formatted;

	@Column(name = "address_type")
	private @Nullable String type;

	@Column(name = "is_primary")
	private boolean primary;

	protected UserAddress() {
	}

	UserAddress(PostalAddress address) {
		this.streetAddress = address.streetAddress();
		this.locality = address.locality();
		this.region = address.region();
		this.postalCode = address.postalCode();
		this.country = address.country();
		this.formatted = address.formatted();
		this.type = address.type();
		this.primary = address.primary();
	}

	PostalAddress toPostalAddress() {
		return new PostalAddress(this.streetAddress, this.locality, this.region, this.postalCode, this.country,
				this.formatted, this.type, this.primary);
	}

}
