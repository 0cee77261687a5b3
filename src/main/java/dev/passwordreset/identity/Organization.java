package dev.passwordreset.identity;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "organization")
class Organization {

	@Id
	private String id;

	private String managementAccountId;

	private Instant createdAt;

	@Version
	private Long version;

	protected Organization() {
	}

	Organization(String managementAccountId, Instant createdAt) {
		this.id = RandomIds.organizationId();
		this.managementAccountId = managementAccountId;
		this.createdAt = createdAt;
	}

	String id() {
		return this.id;
	}

	String managementAccountId() {
		return this.managementAccountId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
