package dev.passwordreset.security;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "access_key")
class AccessKey {

	static final String ACTIVE = "ACTIVE";

	@Id
	private String accessKeyId;

	private String accountId;

	private String secretCiphertext;

	private String status;

	private Instant createdAt;

	@Version
	private Long version;

	protected AccessKey() {
	}

	AccessKey(String accessKeyId, String accountId, String secretCiphertext, Instant createdAt) {
		this.accessKeyId = accessKeyId;
		this.accountId = accountId;
		this.secretCiphertext = secretCiphertext;
		this.status = ACTIVE;
		this.createdAt = createdAt;
	}

	AccessKeyInfo toInfo() {
		return new AccessKeyInfo(this.accessKeyId, this.accountId, this.status, this.createdAt);
	}

	String accessKeyId() {
		return this.accessKeyId;
	}

	String accountId() {
		return this.accountId;
	}

}
