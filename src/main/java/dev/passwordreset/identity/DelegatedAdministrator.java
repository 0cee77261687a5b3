package dev.passwordreset.identity;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "delegated_administrator")
class DelegatedAdministrator {

	@Id
	private String accountId;

	private Instant registeredAt;

	private String registeredBy;

	@Version
	private Long version;

	protected DelegatedAdministrator() {
	}

	DelegatedAdministrator(String accountId, Instant registeredAt, String registeredBy) {
		this.accountId = accountId;
		this.registeredAt = registeredAt;
		this.registeredBy = registeredBy;
	}

	String accountId() {
		return this.accountId;
	}

}
