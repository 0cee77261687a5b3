package dev.passwordreset.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
class UserExternalId {

	private String issuer;

	@Column(name = "external_id")
	private String id;

	protected UserExternalId() {
	}

	UserExternalId(ExternalId externalId) {
		this.issuer = externalId.issuer();
		this.id = externalId.id();
	}

	ExternalId toExternalId() {
		return new ExternalId(this.issuer, this.id);
	}

}
