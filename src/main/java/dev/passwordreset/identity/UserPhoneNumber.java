package dev.passwordreset.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.jspecify.annotations.Nullable;

@Embeddable
class UserPhoneNumber {

	@Column(name = "phone_value")
	private String value;

	@Column(name = "phone_type")
	private @Nullable String type;

	@Column(name = "is_primary")
	private boolean primary;

	protected UserPhoneNumber() {
	}

	UserPhoneNumber(PhoneNumber phoneNumber) {
		this.value = phoneNumber.value();
		this.type = phoneNumber.type();
		this.primary = phoneNumber.primary();
	}

	PhoneNumber toPhoneNumber() {
		return new PhoneNumber(this.value, this.type, this.primary);
	}

}
