package dev.passwordreset.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.BatchSize;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * A user of an identity store. The id is assigned here rather than generated, so that it
 * can be returned before the insert; {@code version} being null is what marks the entity
 * as new.
 */
@Entity
@Table(name = "store_user")
class User implements Persistable<UUID> {

	/** The longest user name and user-name key the table holds. */
	static final int MAX_USER_NAME = 128;

	@Id
	private UUID id;

	private String identityStoreId;

	private String userName;

	private String userNameKey;

	/**
	 * Digest of the key's UTS #39 skeleton; null only for a look-alike that predates the
	 * check.
	 */
	private @Nullable String userNameSkeleton;

	private @Nullable String displayName;

	private @Nullable String familyName;

	private @Nullable String givenName;

	private @Nullable String middleName;

	private @Nullable String formattedName;

	private @Nullable String honorificPrefix;

	private @Nullable String honorificSuffix;

	private @Nullable String nickname;

	private @Nullable String locale;

	private @Nullable String preferredLanguage;

	private @Nullable String timezone;

	private @Nullable String title;

	private @Nullable String userType;

	private boolean enabled;

	private boolean emailVerified;

	private @Nullable String distinguishedName;

	private @Nullable String profileUrl;

	private @Nullable String employeeNumber;

	private @Nullable String costCenter;

	@Column(name = "enterprise_organization")
	private @Nullable String enterpriseOrganization;

	private @Nullable String division;

	private @Nullable String department;

	private @Nullable String manager;

	private @Nullable String passwordHash;

	private boolean passwordChangeRequired;

	private @Nullable Instant passwordSetAt;

	private @Nullable Instant passwordExpiresAt;

	private int failedSignIns;

	private @Nullable Instant lockedUntil;

	@ElementCollection
	@CollectionTable(name = "store_user_email", joinColumns = @JoinColumn(name = "user_id"))
	@OrderColumn(name = "position")
	@BatchSize(size = 100)
	private List<UserEmail> emails = new ArrayList<>();

	@ElementCollection
	@CollectionTable(name = "store_user_phone_number", joinColumns = @JoinColumn(name = "user_id"))
	@OrderColumn(name = "position")
	@BatchSize(size = 100)
	private List<UserPhoneNumber> phoneNumbers = new ArrayList<>();

	@ElementCollection
	@CollectionTable(name = "store_user_address", joinColumns = @JoinColumn(name = "user_id"))
	@OrderColumn(name = "position")
	@BatchSize(size = 100)
	private List<UserAddress> addresses = new ArrayList<>();

	@ElementCollection
	@CollectionTable(name = "store_user_external_id", joinColumns = @JoinColumn(name = "user_id"))
	@OrderColumn(name = "position")
	@BatchSize(size = 100)
	private List<UserExternalId> externalIds = new ArrayList<>();

	@Column(updatable = false)
	private Instant createdAt;

	@Column(updatable = false)
	private String createdBy;

	private Instant updatedAt;

	private String updatedBy;

	@Version
	private Long version;

	protected User() {
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	/**
	 * Whether the entity was never stored: told by its version, as Spring Data would find
	 * out itself, but without its reflective lookup of a {@code getVersion()} that this
	 * class does not have, which threw and caught an exception on every save.
	 */
	@Override
	public boolean isNew() {
		return this.version == null;
	}

	User(String identityStoreId, UserAttributes attributes, Instant now, String createdBy) {
		this.id = UUID.randomUUID();
		this.identityStoreId = identityStoreId;
		this.enabled = true;
		this.createdAt = now;
		this.createdBy = createdBy;
		apply(attributes, now, createdBy);
	}

	/**
	 * Sets the attributes, which {@link UserService} has normalized and checked. The
	 * name's key and skeleton change only with the name, so that a user whose name
	 * predates a rule can still be updated otherwise.
	 */
	void apply(UserAttributes attributes, Instant now, String updatedBy) {
		if (!attributes.userName().equals(this.userName)) {
			this.userName = attributes.userName();
			this.userNameKey = Identifiers.userNameKey(attributes.userName());
			this.userNameSkeleton = Identifiers.skeletonDigest(this.userNameKey);
		}
		this.displayName = attributes.displayName();
		PersonName name = attributes.name();
		this.familyName = name.familyName();
		this.givenName = name.givenName();
		this.middleName = name.middleName();
		this.formattedName = name.formatted();
		this.honorificPrefix = name.honorificPrefix();
		this.honorificSuffix = name.honorificSuffix();
		this.nickname = attributes.nickname();
		this.emails.clear();
		attributes.emails().forEach((email) -> this.emails.add(new UserEmail(email)));
		this.phoneNumbers.clear();
		attributes.phoneNumbers().forEach((phone) -> this.phoneNumbers.add(new UserPhoneNumber(phone)));
		this.locale = attributes.locale();
		this.preferredLanguage = attributes.preferredLanguage();
		this.timezone = attributes.timezone();
		this.title = attributes.title();
		this.userType = attributes.userType();
		this.emailVerified = attributes.emailVerified();
		this.distinguishedName = attributes.distinguishedName();
		this.addresses.clear();
		attributes.addresses().forEach((address) -> this.addresses.add(new UserAddress(address)));
		Enterprise enterprise = attributes.enterprise();
		this.employeeNumber = enterprise.employeeNumber();
		this.costCenter = enterprise.costCenter();
		this.enterpriseOrganization = enterprise.organization();
		this.division = enterprise.division();
		this.department = enterprise.department();
		this.manager = enterprise.manager();
		this.profileUrl = attributes.profileUrl();
		this.externalIds.clear();
		attributes.externalIds().forEach((externalId) -> this.externalIds.add(new UserExternalId(externalId)));
		touch(now, updatedBy);
	}

	void setEnabled(boolean enabled, Instant now, String updatedBy) {
		this.enabled = enabled;
		touch(now, updatedBy);
	}

	private void touch(Instant now, String updatedBy) {
		this.updatedAt = now;
		this.updatedBy = updatedBy;
	}

	UserAttributes attributes() {
		return attributes(this.addresses.stream().map(UserAddress::toPostalAddress).toList(),
				this.externalIds.stream().map(UserExternalId::toExternalId).toList());
	}

	private UserAttributes attributes(List<PostalAddress> addresses, List<ExternalId> externalIds) {
		return new UserAttributes(this.userName, this.displayName,
				new PersonName(this.familyName, this.givenName, this.middleName, this.formattedName,
						this.honorificPrefix, this.honorificSuffix),
				this.nickname, this.emails.stream().map(UserEmail::toEmailAddress).toList(),
				this.phoneNumbers.stream().map(UserPhoneNumber::toPhoneNumber).toList(), this.locale,
				this.preferredLanguage, this.timezone, this.title, this.userType, this.emailVerified,
				this.distinguishedName, addresses, new Enterprise(this.employeeNumber, this.costCenter,
						this.enterpriseOrganization, this.division, this.department, this.manager),
				this.profileUrl, externalIds);
	}

	/**
	 * The user as a sign-in, a reset or its message needs it. The attributes leave out
	 * the postal addresses and external IDs, which none of them uses: loading those two
	 * collections took two more queries on every such lookup.
	 */
	UserCredentials toCredentials() {
		return new UserCredentials(this.id, this.identityStoreId, attributes(List.of(), List.of()), this.enabled,
				this.passwordHash, this.passwordChangeRequired, this.passwordExpiresAt, this.lockedUntil,
				this.passwordSetAt);
	}

	UserInfo toInfo() {
		return new UserInfo(this.id, this.identityStoreId, attributes(), this.enabled, this.passwordHash != null,
				this.passwordChangeRequired, this.passwordSetAt, this.createdAt, this.createdBy, this.updatedAt,
				this.updatedBy);
	}

	UUID id() {
		return this.id;
	}

	@Nullable String passwordHash() {
		return this.passwordHash;
	}

	@Nullable Instant passwordExpiresAt() {
		return this.passwordExpiresAt;
	}

	@Nullable Instant lockedUntil() {
		return this.lockedUntil;
	}

	String identityStoreId() {
		return this.identityStoreId;
	}

	String userNameKey() {
		return this.userNameKey;
	}

	@Nullable String userNameSkeleton() {
		return this.userNameSkeleton;
	}

	boolean isEnabled() {
		return this.enabled;
	}

}
