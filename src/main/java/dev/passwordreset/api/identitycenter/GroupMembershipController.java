package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.identity.GroupMembershipInfo;
import dev.passwordreset.identity.GroupMembershipPage;
import dev.passwordreset.identity.GroupMembershipService;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Huawei's group-membership operations: CreateGroupMembership, DescribeGroupMembership,
 * ListGroupMemberships, ListGroupMembershipsForMember, IsMemberInGroups,
 * GetGroupMembershipId and DeleteGroupMembership. Members are users of the same store.
 */
@RestController
class GroupMembershipController {

	private static final String STORE = "/v1/identity-stores/{identity_store_id}";

	private static final String MEMBERSHIPS = STORE + "/group-memberships";

	private static final String MEMBERSHIP = MEMBERSHIPS + "/{membership_id}";

	private final GroupMembershipService memberships;

	GroupMembershipController(GroupMembershipService memberships) {
		this.memberships = memberships;
	}

	@Operation(summary = "Add a user to a group (CreateGroupMembership)")
	@ApiResponse(responseCode = "404", description = "The group or the user is not one of this store (IIC.404)")
	@ApiResponse(responseCode = "409", description = "The user is already a member of the group (IIC.1257)")
	@PostMapping(path = MEMBERSHIPS, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	MembershipIdResponse create(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody MembershipRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		GroupMembershipInfo membership = this.memberships.create(identityStoreId, request.groupId(),
				request.memberId().userId(), AuditActors.of(caller, http));
		return new MembershipIdResponse(membership.identityStoreId(), membership.membershipId().toString());
	}

	@Operation(summary = "Describe a group membership (DescribeGroupMembership)")
	@GetMapping(MEMBERSHIP)
	GroupMembershipDto describe(@PathVariable("identity_store_id") String identityStoreId,
			@PathVariable("membership_id") UUID membershipId) {
		return GroupMembershipDto.of(this.memberships.get(identityStoreId, membershipId));
	}

	@Operation(summary = "List a group's memberships (ListGroupMemberships)")
	@GetMapping(MEMBERSHIPS)
	ListGroupMembershipsResponse list(@PathVariable("identity_store_id") String identityStoreId,
			@RequestParam("group_id") UUID groupId, @RequestParam(defaultValue = "100") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker) {
		return ListGroupMembershipsResponse.of(this.memberships.listOfGroup(identityStoreId, groupId, limit, marker));
	}

	@Operation(summary = "List a user's group memberships (ListGroupMembershipsForMember)")
	@GetMapping(STORE + "/group-memberships-for-member")
	ListGroupMembershipsResponse listForMember(@PathVariable("identity_store_id") String identityStoreId,
			@RequestParam("user_id") UUID userId, @RequestParam(defaultValue = "100") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker) {
		return ListGroupMembershipsResponse.of(this.memberships.listOfUser(identityStoreId, userId, limit, marker));
	}

	@Operation(summary = "Ask whether a user is a member of each of some groups (IsMemberInGroups)")
	@PostMapping(path = STORE + "/is-member-in-groups", consumes = MediaType.APPLICATION_JSON_VALUE)
	IsMemberInGroupsResponse isMemberInGroups(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody IsMemberInGroupsRequest request) {
		UUID userId = request.memberId().userId();
		Map<UUID, Boolean> results = this.memberships.isMemberOf(identityStoreId, userId, request.groupIds());
		return new IsMemberInGroupsResponse(results.entrySet()
			.stream()
			.map((result) -> new MembershipExistence(result.getKey().toString(), new MemberId(userId),
					result.getValue()))
			.toList());
	}

	@Operation(summary = "Find the membership of a user in a group (GetGroupMembershipId)")
	@PostMapping(path = MEMBERSHIPS + "/retrieve-group-membership-id", consumes = MediaType.APPLICATION_JSON_VALUE)
	MembershipIdResponse membershipId(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody MembershipRequest request) {
		return new MembershipIdResponse(identityStoreId,
				this.memberships.idOf(identityStoreId, request.groupId(), request.memberId().userId()).toString());
	}

	@Operation(summary = "Remove a user from a group (DeleteGroupMembership)")
	@DeleteMapping(MEMBERSHIP)
	void delete(@PathVariable("identity_store_id") String identityStoreId,
			@PathVariable("membership_id") UUID membershipId, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		this.memberships.delete(identityStoreId, membershipId, AuditActors.of(caller, http));
	}

	/** Huawei's {@code MemberIdDto}: members are users. */
	record MemberId(@NotNull UUID userId) {
	}

	/** CreateGroupMembership's and GetGroupMembershipId's body. */
	record MembershipRequest(@NotNull UUID groupId, @NotNull @Valid MemberId memberId) {
	}

	record MembershipIdResponse(String identityStoreId, String membershipId) {
	}

	record GroupMembershipDto(String membershipId, String identityStoreId, String groupId, MemberId memberId) {

		static GroupMembershipDto of(GroupMembershipInfo membership) {
			return new GroupMembershipDto(membership.membershipId().toString(), membership.identityStoreId(),
					membership.groupId().toString(), new MemberId(membership.userId()));
		}

	}

	record ListGroupMembershipsResponse(List<GroupMembershipDto> groupMemberships, PageInfo pageInfo) {

		static ListGroupMembershipsResponse of(GroupMembershipPage page) {
			List<GroupMembershipDto> memberships = page.memberships().stream().map(GroupMembershipDto::of).toList();
			return new ListGroupMembershipsResponse(memberships, new PageInfo(page.nextMarker(), memberships.size()));
		}

	}

	record IsMemberInGroupsRequest(
			@NotNull @Size(min = 1, max = GroupMembershipService.MAX_GROUPS_ASKED) List<@NotNull UUID> groupIds,
			@NotNull @Valid MemberId memberId) {
	}

	record MembershipExistence(String groupId, MemberId memberId, boolean membershipExists) {
	}

	record IsMemberInGroupsResponse(List<MembershipExistence> results) {
	}

}
