package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.passwordreset.audit.AuditActor;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Groups of identity stores. Display names are unique per store in their PRECIS Nickname
 * comparison form (see {@link Identifiers}), and no two of a store look alike, as with
 * user names. Deleting a group deletes its memberships in the same transaction.
 * <p>
 * Every write is audited: its success in its own transaction, a refusal once that has
 * rolled back (see {@link IdentityAudit}).
 */
@Service
public class GroupService {

	private final UserLookup lookup;

	private final GroupRepository groups;

	private final GroupMembershipRepository memberships;

	private final IdentityProperties properties;

	private final Clock clock;

	private final IdentityAudit audit;

	GroupService(UserLookup lookup, GroupRepository groups, GroupMembershipRepository memberships,
			IdentityProperties properties, Clock clock, IdentityAudit audit) {
		this.lookup = lookup;
		this.groups = groups;
		this.memberships = memberships;
		this.properties = properties;
		this.clock = clock;
		this.audit = audit;
	}

	public GroupInfo create(String identityStoreId, GroupAttributes attributes, AuditActor actor) {
		return this.audit.write(IdentityAudit.Write.CREATE_GROUP, actor,
				IdentityAudit.store(identityStoreId) + "/group", () -> {
					this.lookup.takeGroupPlace(identityStoreId, this.properties.groupsQuota());
					GroupAttributes normalized = normalize(attributes);
					requireDistinctName(identityStoreId, normalized.displayName(), null);
					GroupInfo created;
					try {
						created = this.groups
							.saveAndFlush(new Group(identityStoreId, normalized, this.clock.instant(),
									IdentityAudit.changedBy(actor)))
							.toInfo();
					}
					catch (DataIntegrityViolationException ex) {
						throw sameOrConfusable();
					}
					this.audit.succeeded(IdentityAudit.Write.CREATE_GROUP, actor,
							IdentityAudit.group(identityStoreId, created.groupId()));
					return created;
				});
	}

	@Transactional(readOnly = true)
	public GroupInfo get(String identityStoreId, UUID groupId) {
		return find(identityStoreId, groupId).toInfo();
	}

	/**
	 * Lists groups in display-name order, optionally only the one with the given display
	 * name.
	 */
	@Transactional(readOnly = true)
	public GroupPage list(String identityStoreId, int limit, @Nullable String marker, @Nullable String displayName) {
		this.lookup.requireStore(identityStoreId);
		if (displayName != null) {
			List<GroupInfo> match = findByDisplayName(identityStoreId, displayName).map(Group::toInfo)
				.stream()
				.toList();
			return new GroupPage(match, null);
		}
		String after = (marker != null) ? Markers.decode(marker) : "";
		List<Group> page = this.groups.findByIdentityStoreIdAndDisplayNameKeyGreaterThanOrderByDisplayNameKeyAsc(
				identityStoreId, after, Limit.of(limit + 1));
		boolean more = page.size() > limit;
		List<Group> shown = page.subList(0, Math.min(limit, page.size()));
		String next = more ? Markers.encode(shown.get(shown.size() - 1).displayNameKey()) : null;
		return new GroupPage(shown.stream().map(Group::toInfo).toList(), next);
	}

	/** GetGroupId: the id of the group with this display name, compared as names are. */
	@Transactional(readOnly = true)
	public UUID idOf(String identityStoreId, String displayName) {
		this.lookup.requireStore(identityStoreId);
		return findByDisplayName(identityStoreId, displayName).map(Group::id)
			.orElseThrow(() -> IdentityException.notFoundBy(IdentityError.GROUP_NOT_FOUND, "display_name"));
	}

	/**
	 * Applies a change inside one transaction; the entity's version makes a concurrent
	 * change fail instead of being overwritten.
	 */
	public GroupInfo update(String identityStoreId, UUID groupId, UnaryOperator<GroupAttributes> change,
			AuditActor actor) {
		String resource = IdentityAudit.group(identityStoreId, groupId);
		return this.audit.write(IdentityAudit.Write.UPDATE_GROUP, actor, resource, () -> {
			Group group = find(identityStoreId, groupId);
			GroupAttributes before = group.attributes();
			GroupAttributes after = normalize(change.apply(before));
			if (!after.displayName().equals(before.displayName())) {
				requireDistinctName(identityStoreId, after.displayName(), group);
			}
			group.apply(after, this.clock.instant(), IdentityAudit.changedBy(actor));
			GroupInfo changed;
			try {
				changed = this.groups.saveAndFlush(group).toInfo();
			}
			catch (DataIntegrityViolationException ex) {
				throw sameOrConfusable();
			}
			this.audit.succeeded(IdentityAudit.Write.UPDATE_GROUP, actor, resource);
			return changed;
		});
	}

	public void delete(String identityStoreId, UUID groupId, AuditActor actor) {
		String resource = IdentityAudit.group(identityStoreId, groupId);
		this.audit.write(IdentityAudit.Write.DELETE_GROUP, actor, resource, () -> {
			Group group = find(identityStoreId, groupId);
			this.memberships.deleteByGroupId(group.id());
			this.groups.delete(group);
			this.lookup.releaseGroupPlace(identityStoreId);
			this.audit.succeeded(IdentityAudit.Write.DELETE_GROUP, actor, resource);
			return group.id();
		});
	}

	private Group find(String identityStoreId, UUID groupId) {
		return this.groups.findByIdAndIdentityStoreId(groupId, identityStoreId).orElseThrow(() -> {
			this.lookup.requireStore(identityStoreId);
			return IdentityException.notFound(IdentityError.GROUP_NOT_FOUND, groupId);
		});
	}

	private Optional<Group> findByDisplayName(String identityStoreId, String displayName) {
		try {
			return this.groups.findByIdentityStoreIdAndDisplayNameKey(identityStoreId,
					Identifiers.groupNameKey(displayName));
		}
		catch (IdentityException ex) {
			// A name the profile refuses belongs to no group.
			return Optional.empty();
		}
	}

	private static GroupAttributes normalize(GroupAttributes attributes) {
		if (attributes.displayName() == null) {
			throw IdentityException.invalid("display_name", "is required");
		}
		String displayName = Identifiers.groupName(attributes.displayName());
		if (displayName.length() > Group.MAX_DISPLAY_NAME) {
			throw IdentityException.invalid("display_name",
					"must be at most " + Group.MAX_DISPLAY_NAME + " characters");
		}
		String description = attributes.description();
		if (description != null && description.length() > Group.MAX_DESCRIPTION) {
			throw IdentityException.invalid("description", "must be at most " + Group.MAX_DESCRIPTION + " characters");
		}
		if (description != null && description.chars().anyMatch(Character::isISOControl)) {
			throw IdentityException.invalid("description", "must not contain control characters");
		}
		return new GroupAttributes(displayName, description);
	}

	/**
	 * Refuses a display name whose key or skeleton another group of the store has; the
	 * unique indexes on both catch a concurrent creation this check misses.
	 */
	private void requireDistinctName(String identityStoreId, String displayName, @Nullable Group renamed) {
		String key = Identifiers.groupNameKey(displayName);
		if (key.length() > Group.MAX_DISPLAY_NAME) {
			throw IdentityException.invalid("display_name",
					"must be at most " + Group.MAX_DISPLAY_NAME + " characters once lower-cased");
		}
		if ((renamed == null || !key.equals(renamed.displayNameKey()))
				&& this.groups.existsByIdentityStoreIdAndDisplayNameKey(identityStoreId, key)) {
			throw IdentityException.duplicate(IdentityError.DUPLICATE_GROUP_NAME, "display_name",
					IdentityException.Clash.SAME);
		}
		String skeleton = Identifiers.skeletonDigest(key);
		if ((renamed == null || !skeleton.equals(renamed.displayNameSkeleton()))
				&& this.groups.existsByIdentityStoreIdAndDisplayNameSkeleton(identityStoreId, skeleton)) {
			throw IdentityException.duplicate(IdentityError.DUPLICATE_GROUP_NAME, "display_name",
					IdentityException.Clash.CONFUSABLE);
		}
	}

	private static IdentityException sameOrConfusable() {
		return IdentityException.duplicate(IdentityError.DUPLICATE_GROUP_NAME, "display_name",
				IdentityException.Clash.SAME_OR_CONFUSABLE);
	}

}
