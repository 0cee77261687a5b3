package dev.passwordreset.identity;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "account")
class Account {

	@Id
	private String id;

	private String organizationId;

	private String name;

	private String nameKey;

	private @Nullable String email;

	private Instant createdAt;

	private String createdBy;

	@Version
	private Long version;

	protected Account() {
	}

	Account(String id, String organizationId, String name, String email, Instant createdAt, String createdBy) {
		this.id = id;
		this.organizationId = organizationId;
		this.name = name;
		this.nameKey = key(name);
		this.email = email;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	AccountInfo toInfo(boolean management, boolean delegatedAdministrator) {
		return new AccountInfo(this.id, this.organizationId, this.name, this.email, management, delegatedAdministrator,
				this.createdAt);
	}

	String id() {
		return this.id;
	}

}
