package dev.passwordreset.password;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "password_policy")
class StorePasswordPolicy {

	@Id
	private String identityStoreId;

	private int minimumPasswordLength;

	private int maximumPasswordLength;

	private boolean requireUppercaseCharacters;

	private boolean requireLowercaseCharacters;

	private boolean requireNumbers;

	private boolean requireSymbols;

	private @Nullable Integer maxPasswordAge;

	private @Nullable Integer passwordReusePrevention;

	private Instant updatedAt;

	private String updatedBy;

	@Version
	private Long version;

	protected StorePasswordPolicy() {
	}

	StorePasswordPolicy(String identityStoreId) {
		this.identityStoreId = identityStoreId;
	}

	String identityStoreId() {
		return this.identityStoreId;
	}

	void apply(PasswordPolicy policy, Instant now, String updatedBy) {
		this.minimumPasswordLength = policy.minimumPasswordLength();
		this.maximumPasswordLength = policy.maximumPasswordLength();
		this.requireUppercaseCharacters = policy.requireUppercaseCharacters();
		this.requireLowercaseCharacters = policy.requireLowercaseCharacters();
		this.requireNumbers = policy.requireNumbers();
		this.requireSymbols = policy.requireSymbols();
		this.maxPasswordAge = policy.maxPasswordAge();
		this.passwordReusePrevention = policy.passwordReusePrevention();
		this.updatedAt = now;
		this.updatedBy = updatedBy;
	}

	PasswordPolicy toPolicy() {
		return new PasswordPolicy(this.minimumPasswordLength, this.maximumPasswordLength,
				this.requireUppercaseCharacters, this.requireLowercaseCharacters, this.requireNumbers,
				this.requireSymbols, this.maxPasswordAge, this.passwordReusePrevention);
	}

}
