package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.api.identitycenter.UserAttributeOperations.AttributeOperation;
import dev.passwordreset.identity.GroupAttributes;
import dev.passwordreset.identity.GroupInfo;
import dev.passwordreset.identity.GroupPage;
import dev.passwordreset.identity.GroupService;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Huawei's identity-store group operations: CreateGroup, ListGroups, DescribeGroup,
 * UpdateGroup, DeleteGroup and GetGroupId.
 */
@RestController
class GroupController {

	private static final String GROUPS = "/v1/identity-stores/{identity_store_id}/groups";

	private static final String GROUP = GROUPS + "/{group_id}";

	private final GroupService groups;

	GroupController(GroupService groups) {
		this.groups = groups;
	}

	@Operation(summary = "Create a group (CreateGroup)")
	@ApiResponse(responseCode = "409",
			description = "A group with that display_name exists (IIC.1257), or the " + "quota is full (IIC.1007)")
	@PostMapping(path = GROUPS, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	CreateGroupResponse create(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody CreateGroupRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		GroupInfo group = this.groups.create(identityStoreId,
				new GroupAttributes(request.displayName(), request.description()), AuditActors.of(caller, http));
		return new CreateGroupResponse(group.identityStoreId(), group.groupId().toString());
	}

	@Operation(summary = "List groups (ListGroups), optionally by display_name")
	@GetMapping(GROUPS)
	ListGroupsResponse list(@PathVariable("identity_store_id") String identityStoreId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker,
			@RequestParam(name = "display_name", required = false) @Nullable @Size(min = 1, max = 1024) @Pattern(
					regexp = "\\P{Cc}*", message = "must not contain control characters") String displayName) {
		GroupPage page = this.groups.list(identityStoreId, limit, marker, displayName);
		List<GroupDto> groups = page.groups().stream().map(GroupDto::of).toList();
		return new ListGroupsResponse(groups, new PageInfo(page.nextMarker(), groups.size()));
	}

	@Operation(summary = "Describe a group (DescribeGroup)")
	@GetMapping(GROUP)
	GroupDto describe(@PathVariable("identity_store_id") String identityStoreId,
			@PathVariable("group_id") UUID groupId) {
		return GroupDto.of(this.groups.get(identityStoreId, groupId));
	}

	@Operation(summary = "Change group attributes (UpdateGroup): display_name, description")
	@ApiResponse(responseCode = "200", description = "The group as changed")
	@ApiResponse(responseCode = "409",
			description = "A group with that display_name exists (IIC.1257), or a "
					+ "concurrent change won (IIC.1006)")
	@PutMapping(path = GROUP, consumes = MediaType.APPLICATION_JSON_VALUE)
	GroupDto update(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("group_id") UUID groupId,
			@Valid @RequestBody UpdateGroupRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		return GroupDto.of(this.groups.update(identityStoreId, groupId, change(request.operations()),
				AuditActors.of(caller, http)));
	}

	@Operation(summary = "Delete a group and its memberships (DeleteGroup)")
	@DeleteMapping(GROUP)
	void delete(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("group_id") UUID groupId,
			@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		this.groups.delete(identityStoreId, groupId, AuditActors.of(caller, http));
	}

	@Operation(summary = "Find a group's id by its display_name (GetGroupId)")
	@ApiResponse(responseCode = "200", description = "The group's id")
	@ApiResponse(responseCode = "404",
			description = "No group has that display_name, or the identifier is an "
					+ "external_id, which no group of this service has (IIC.404)")
	@PostMapping(path = GROUPS + "/retrieve-group-id", consumes = MediaType.APPLICATION_JSON_VALUE)
	GetGroupIdResponse groupId(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody AlternateIdentifierRequest request) {
		String displayName = request.alternateIdentifier().uniqueValueOf("display_name");
		return new GetGroupIdResponse(identityStoreId, this.groups.idOf(identityStoreId, displayName).toString());
	}

	/**
	 * UpdateGroup's operations: {@code display_name} and {@code description} (camelCase
	 * accepted too), a null value clearing the description.
	 */
	private static UnaryOperator<GroupAttributes> change(List<AttributeOperation> operations) {
		return (current) -> {
			GroupAttributes changed = current;
			for (AttributeOperation operation : operations) {
				String path = UserAttributeOperations.normalize(operation.attributePath());
				String value = text(path, operation.attributeValue());
				changed = switch (path) {
					case "display_name" -> {
						if (value == null) {
							throw invalid("display_name cannot be removed");
						}
						yield changed.withDisplayName(value);
					}
					case "description" -> changed.withDescription(value);
					default ->
						throw invalid("attribute_path " + (path.matches("[a-z0-9._]{1,64}") ? path : "(unprintable)")
								+ " is not a group attribute that can be updated");
				};
			}
			return changed;
		};
	}

	private static @Nullable String text(String path, @Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid("attribute_value of " + path + " must be a string");
		}
		return value.asString();
	}

	private static IdentityException invalid(String message) {
		return IdentityException.invalid(message);
	}

	/** Huawei's {@code CreateGroupReqBody}. */
	record CreateGroupRequest(@NotNull @Size(min = 1, max = 1024) String displayName,
			@Nullable @Size(max = 1024) String description) {
	}

	record CreateGroupResponse(String identityStoreId, String groupId) {
	}

	record ListGroupsResponse(List<GroupDto> groups, PageInfo pageInfo) {
	}

	record UpdateGroupRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid AttributeOperation> operations) {
	}

	record GetGroupIdResponse(String identityStoreId, String groupId) {
	}

	/**
	 * Huawei's {@code GroupDto}; this service keeps no external ids, so those fields stay
	 * absent.
	 */
	record GroupDto(String groupId, String identityStoreId, String displayName, @Nullable String description,
			long createdAt, String createdBy, long updatedAt, String updatedBy) {

		static GroupDto of(GroupInfo group) {
			return new GroupDto(group.groupId().toString(), group.identityStoreId(), group.attributes().displayName(),
					group.attributes().description(), group.createdAt().toEpochMilli(), group.createdBy(),
					group.updatedAt().toEpochMilli(), group.updatedBy());
		}

	}

}
