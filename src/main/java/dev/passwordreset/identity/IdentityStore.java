package dev.passwordreset.identity;

import java.time.Instant;
import java.util.Locale;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "identity_store")
class IdentityStore {

	@Id
	private String id;

	private String name;

	private String nameKey;

	private String instanceId;

	private Instant createdAt;

	private String createdBy;

	@Enumerated(EnumType.STRING)
	private IdentityStoreKind kind = IdentityStoreKind.INTERNAL;

	@Version
	private Long version;

	protected IdentityStore() {
	}

	IdentityStore(String name, Instant createdAt, String createdBy) {
		this(name, IdentityStoreKind.INTERNAL, createdAt, createdBy);
	}

	IdentityStore(String name, IdentityStoreKind kind, Instant createdAt, String createdBy) {
		this.kind = kind;
		this.id = RandomIds.identityStoreId();
		this.instanceId = RandomIds.instanceId();
		this.name = name;
		this.nameKey = key(name);
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	IdentityStoreInfo toInfo() {
		return new IdentityStoreInfo(this.id, this.name, this.instanceId, this.createdAt, this.createdBy, this.kind);
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	boolean isLdap() {
		return this.kind == IdentityStoreKind.LDAP;
	}

}
