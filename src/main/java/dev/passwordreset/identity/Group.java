package dev.passwordreset.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * A group of an identity store. Like {@link User}, the id is assigned here so that a null
 * {@code version} marks the entity as new.
 */
@Entity
@Table(name = "store_group")
class Group implements Persistable<UUID> {

	/** The longest display name and display-name key the table holds. */
	static final int MAX_DISPLAY_NAME = 128;

	static final int MAX_DESCRIPTION = 1024;

	@Id
	private UUID id;

	private String identityStoreId;

	private String displayName;

	private String displayNameKey;

	private String displayNameSkeleton;

	private @Nullable String description;

	@Column(updatable = false)
	private Instant createdAt;

	@Column(updatable = false)
	private String createdBy;

	private Instant updatedAt;

	private String updatedBy;

	@Version
	private Long version;

	protected Group() {
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	/**
	 * Whether the group was never stored; see {@link User#isNew()} for why it says so.
	 */
	@Override
	public boolean isNew() {
		return this.version == null;
	}

	Group(String identityStoreId, GroupAttributes attributes, Instant now, String createdBy) {
		this.id = UUID.randomUUID();
		this.identityStoreId = identityStoreId;
		this.createdAt = now;
		this.createdBy = createdBy;
		apply(attributes, now, createdBy);
	}

	/** Sets the attributes, which {@link GroupService} has normalized and checked. */
	void apply(GroupAttributes attributes, Instant now, String updatedBy) {
		if (!attributes.displayName().equals(this.displayName)) {
			this.displayName = attributes.displayName();
			this.displayNameKey = Identifiers.groupNameKey(attributes.displayName());
			this.displayNameSkeleton = Identifiers.skeletonDigest(this.displayNameKey);
		}
		this.description = attributes.description();
		this.updatedAt = now;
		this.updatedBy = updatedBy;
	}

	GroupAttributes attributes() {
		return new GroupAttributes(this.displayName, this.description);
	}

	GroupInfo toInfo() {
		return new GroupInfo(this.id, this.identityStoreId, attributes(), this.createdAt, this.createdBy,
				this.updatedAt, this.updatedBy);
	}

	UUID id() {
		return this.id;
	}

	String identityStoreId() {
		return this.identityStoreId;
	}

	String displayNameKey() {
		return this.displayNameKey;
	}

	String displayNameSkeleton() {
		return this.displayNameSkeleton;
	}

}
