package dev.passwordreset.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * A user's membership of a group. Never changed once made, only deleted, so it has no
 * version to tell Spring Data that it is new; {@link #isNew()} does, so saving it inserts
 * without a select first.
 */
@Entity
@Table(name = "group_membership")
class GroupMembership implements Persistable<UUID> {

	@Id
	private UUID id;

	private String identityStoreId;

	private UUID groupId;

	private UUID userId;

	private Instant createdAt;

	private String createdBy;

	@Transient
	private boolean persisted;

	protected GroupMembership() {
	}

	GroupMembership(String identityStoreId, UUID groupId, UUID userId, Instant now, String createdBy) {
		this.id = UUID.randomUUID();
		this.identityStoreId = identityStoreId;
		this.groupId = groupId;
		this.userId = userId;
		this.createdAt = now;
		this.createdBy = createdBy;
	}

	GroupMembershipInfo toInfo() {
		return new GroupMembershipInfo(this.id, this.identityStoreId, this.groupId, this.userId);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return !this.persisted;
	}

	@PostLoad
	@PostPersist
	void markPersisted() {
		this.persisted = true;
	}

}
