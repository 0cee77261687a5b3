package dev.passwordreset.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.jspecify.annotations.Nullable;

@Embeddable
class UserEmail {

	/** The verification status of a verified address, as the column holds it. */
	static final String VERIFIED = "VERIFIED";

	@Column(name = "email_value")
	private String value;

	/** What addresses are compared by; see {@link Identifiers#emailKeyDigest}. */
	@Column(name = "email_key_digest")
	private String emailKeyDigest;

	@Column(name = "email_type")
	private @Nullable String type;

	@Column(name = "is_primary")
	private boolean primary;

	private String verificationStatus;

	protected UserEmail() {
	}

	UserEmail(EmailAddress email) {
		this.value = email.value();
		this.emailKeyDigest = Identifiers.emailKeyDigest(email.value());
		this.type = email.type();
		this.primary = email.primary();
		this.verificationStatus = email.verified() ? VERIFIED : "NOT_VERIFIED";
	}

	EmailAddress toEmailAddress() {
		return new EmailAddress(this.value, this.type, this.primary, VERIFIED.equals(this.verificationStatus));
	}

}
