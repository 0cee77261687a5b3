package dev.passwordreset.identity;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.passwordreset.audit.AuditActor;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Users' memberships of groups. A member and its group belong to the same store: a group
 * or user of another store is not found in this one, so such a membership is refused as
 * not found. A user is a member of a group at most once.
 * <p>
 * Every write is audited: its success in its own transaction, a refusal once that has
 * rolled back (see {@link IdentityAudit}).
 */
@Service
public class GroupMembershipService {

	/** The most groups one IsMemberInGroups asks about. */
	public static final int MAX_GROUPS_ASKED = 100;

	/**
	 * Below every random id in both databases' UUID order (unsigned, most significant
	 * bits first), so the first page is the page after it.
	 */
	private static final UUID BEFORE_ALL = new UUID(0, 0);

	private final UserLookup lookup;

	private final GroupRepository groups;

	private final GroupMembershipRepository memberships;

	private final Clock clock;

	private final IdentityAudit audit;

	GroupMembershipService(UserLookup lookup, GroupRepository groups, GroupMembershipRepository memberships,
			Clock clock, IdentityAudit audit) {
		this.lookup = lookup;
		this.groups = groups;
		this.memberships = memberships;
		this.clock = clock;
		this.audit = audit;
	}

	public GroupMembershipInfo create(String identityStoreId, UUID groupId, UUID userId, AuditActor actor) {
		String resource = IdentityAudit.member(identityStoreId, groupId, userId);
		return this.audit.write(IdentityAudit.Write.CREATE_MEMBERSHIP, actor, resource, () -> {
			requireGroup(identityStoreId, groupId);
			this.lookup.find(identityStoreId, userId);
			if (this.memberships.existsByGroupIdAndUserId(groupId, userId)) {
				throw duplicate(groupId, userId);
			}
			GroupMembershipInfo created;
			try {
				created = this.memberships
					.saveAndFlush(new GroupMembership(identityStoreId, groupId, userId, this.clock.instant(),
							IdentityAudit.changedBy(actor)))
					.toInfo();
			}
			catch (DataIntegrityViolationException ex) {
				// A concurrent request made the same membership, or deleted the group or
				// the user.
				throw duplicate(groupId, userId);
			}
			this.audit.succeeded(IdentityAudit.Write.CREATE_MEMBERSHIP, actor, resource);
			return created;
		});
	}

	@Transactional(readOnly = true)
	public GroupMembershipInfo get(String identityStoreId, UUID membershipId) {
		return find(identityStoreId, membershipId).toInfo();
	}

	/** GetGroupMembershipId. */
	@Transactional(readOnly = true)
	public UUID idOf(String identityStoreId, UUID groupId, UUID userId) {
		return this.memberships.findByIdentityStoreIdAndGroupIdAndUserId(identityStoreId, groupId, userId)
			.map(GroupMembership::getId)
			.orElseThrow(() -> {
				this.lookup.requireStore(identityStoreId);
				return IdentityException.notFound(IdentityError.MEMBERSHIP_NOT_FOUND, null);
			});
	}

	public void delete(String identityStoreId, UUID membershipId, AuditActor actor) {
		String resource = IdentityAudit.membership(identityStoreId, membershipId);
		this.audit.write(IdentityAudit.Write.DELETE_MEMBERSHIP, actor, resource, () -> {
			this.memberships.delete(find(identityStoreId, membershipId));
			this.audit.succeeded(IdentityAudit.Write.DELETE_MEMBERSHIP, actor, resource);
			return membershipId;
		});
	}

	/** ListGroupMemberships: the memberships of one group, in membership-id order. */
	@Transactional(readOnly = true)
	public GroupMembershipPage listOfGroup(String identityStoreId, UUID groupId, int limit, @Nullable String marker) {
		requireGroup(identityStoreId, groupId);
		return page(limit, marker, (after) -> this.memberships.findByGroupIdAndIdGreaterThanOrderByIdAsc(groupId, after,
				Limit.of(limit + 1)));
	}

	/**
	 * ListGroupMembershipsForMember: the memberships of one user, in membership-id order.
	 */
	@Transactional(readOnly = true)
	public GroupMembershipPage listOfUser(String identityStoreId, UUID userId, int limit, @Nullable String marker) {
		this.lookup.find(identityStoreId, userId);
		return page(limit, marker, (after) -> this.memberships.findByUserIdAndIdGreaterThanOrderByIdAsc(userId, after,
				Limit.of(limit + 1)));
	}

	/**
	 * IsMemberInGroups: for each group asked about, in the order asked, whether the user
	 * is a member. A group the store does not hold holds nobody, so it answers false.
	 */
	@Transactional(readOnly = true)
	public Map<UUID, Boolean> isMemberOf(String identityStoreId, UUID userId, List<UUID> groupIds) {
		if (groupIds.size() > MAX_GROUPS_ASKED) {
			throw IdentityException.invalid("group_ids", "may hold at most " + MAX_GROUPS_ASKED + " ids");
		}
		this.lookup.find(identityStoreId, userId);
		Set<UUID> member = groupIds.isEmpty() ? Set.of()
				: new HashSet<>(this.memberships.findGroupIdsOfUser(userId, Set.copyOf(groupIds)));
		Map<UUID, Boolean> results = new LinkedHashMap<>();
		groupIds.forEach((groupId) -> results.put(groupId, member.contains(groupId)));
		return results;
	}

	private GroupMembershipPage page(int limit, @Nullable String marker, Function<UUID, List<GroupMembership>> query) {
		UUID after = (marker != null) ? Markers.decodeId(marker) : BEFORE_ALL;
		List<GroupMembership> page = query.apply(after);
		boolean more = page.size() > limit;
		List<GroupMembership> shown = page.subList(0, Math.min(limit, page.size()));
		String next = more ? Markers.encode(shown.get(shown.size() - 1).getId().toString()) : null;
		return new GroupMembershipPage(shown.stream().map(GroupMembership::toInfo).toList(), next);
	}

	private GroupMembership find(String identityStoreId, UUID membershipId) {
		return this.memberships.findByIdAndIdentityStoreId(membershipId, identityStoreId).orElseThrow(() -> {
			this.lookup.requireStore(identityStoreId);
			return IdentityException.notFound(IdentityError.MEMBERSHIP_NOT_FOUND, membershipId);
		});
	}

	private void requireGroup(String identityStoreId, UUID groupId) {
		if (!this.groups.existsByIdAndIdentityStoreId(groupId, identityStoreId)) {
			this.lookup.requireStore(identityStoreId);
			throw IdentityException.notFound(IdentityError.GROUP_NOT_FOUND, groupId);
		}
	}

	private static IdentityException duplicate(UUID groupId, UUID userId) {
		return IdentityException.of(IdentityError.DUPLICATE_MEMBERSHIP);
	}

}
