package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.api.identitycenter.UserAttributeOperations.AttributeOperation;
import dev.passwordreset.api.identitycenter.UserRepresentation.AddressDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.EmailDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.EnterpriseDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.ExternalIdDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.NameDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.PhoneNumberDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.UserDto;
import dev.passwordreset.identity.DirectoryUserWrites;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserInfo;
import dev.passwordreset.identity.UserPage;
import dev.passwordreset.identity.UserService;
import dev.passwordreset.reset.DirectoryUserCreation;
import dev.passwordreset.reset.IssuedPassword;
import dev.passwordreset.reset.PasswordResetService;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
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
 * Huawei's identity-store user operations: CreateUser, ListUsers, DescribeUser,
 * UpdateUser, DeleteUser (which removes the user's group memberships), GetUserId,
 * EnableUser and DisableUser.
 */
@RestController
class UserController {

	private static final String USERS = "/v1/identity-stores/{identity_store_id}/users";

	private static final String USER = USERS + "/{user_id}";

	/**
	 * The user names the identity core takes (its {@code UserAttributeRules}), for the
	 * description.
	 */
	static final String USER_NAME = "[\\p{L}\\p{N}._@+-]{1,128}";

	private final UserService users;

	private final UserAttributeOperations operations;

	private final PasswordResetService resets;

	private final DirectoryUserWrites directoryWrites;

	private final DirectoryUserCreation directoryCreation;

	UserController(UserService users, UserAttributeOperations operations, PasswordResetService resets,
			DirectoryUserWrites directoryWrites, DirectoryUserCreation directoryCreation) {
		this.users = users;
		this.directoryWrites = directoryWrites;
		this.directoryCreation = directoryCreation;
		this.operations = operations;
		this.resets = resets;
	}

	@Operation(summary = "Create a user (CreateUser), optionally with an OTP or EMAIL password")
	@ApiResponse(responseCode = "409",
			description = "A user with that user_name exists (IIC.1257), or the quota is " + "full (IIC.1007)")
	@PostMapping(path = USERS, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	CreateUserResponse create(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody CreateUserRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		if (request.passwordMode() == PasswordMode.EMAIL) {
			UserInfo user = this.directoryCreation
				.createWithEmailLink(identityStoreId, request.toAttributes(), AuditActors.of(caller, http))
				.orElseGet(() -> this.resets.createWithEmailLink(identityStoreId, request.toAttributes(),
						AuditActors.of(caller, http)));
			return new CreateUserResponse(user.identityStoreId(), user.userId().toString(), null);
		}
		if (request.passwordMode() == PasswordMode.OTP) {
			IssuedPassword issued = this.directoryCreation
				.createWithOneTimePassword(identityStoreId, request.toAttributes(), AuditActors.of(caller, http))
				.orElseGet(() -> this.resets.createWithOneTimePassword(identityStoreId, request.toAttributes(),
						AuditActors.of(caller, http)));
			return new CreateUserResponse(identityStoreId, issued.userId().toString(), issued.password());
		}
		UserInfo user = this.directoryWrites
			.create(identityStoreId, request.toAttributes(), AuditActors.of(caller, http))
			.orElseGet(() -> this.users.create(identityStoreId, request.toAttributes(), AuditActors.of(caller, http)));
		return new CreateUserResponse(user.identityStoreId(), user.userId().toString(), null);
	}

	@Operation(summary = "List users (ListUsers), optionally by user_name")
	@GetMapping(USERS)
	ListUsersResponse list(@PathVariable("identity_store_id") String identityStoreId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker,
			@RequestParam(name = "user_name", required = false) @Nullable @Size(min = 1, max = 128) @Pattern(
					regexp = "\\P{Cc}*", message = "must not contain control characters") String userName) {
		UserPage page = this.users.list(identityStoreId, limit, marker, userName);
		List<UserDto> users = page.users().stream().map(UserDto::of).toList();
		return new ListUsersResponse(users, new PageInfo(page.nextMarker(), users.size()));
	}

	@Operation(summary = "Describe a user (DescribeUser)")
	@GetMapping(USER)
	UserDto describe(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("user_id") UUID userId) {
		return UserDto.of(this.users.get(identityStoreId, userId));
	}

	@Operation(summary = "Change user attributes (UpdateUser)")
	@ApiResponse(responseCode = "200", description = "The user as changed")
	@ApiResponse(responseCode = "409",
			description = "A user with that user_name exists (IIC.1257), or a concurrent " + "change won (IIC.1006)")
	@PutMapping(path = USER, consumes = MediaType.APPLICATION_JSON_VALUE)
	UserDto update(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("user_id") UUID userId,
			@Valid @RequestBody UpdateUserRequest request, @AuthenticationPrincipal Caller caller,
			HttpServletRequest http) {
		UnaryOperator<UserAttributes> change = this.operations.change(request.operations());
		return UserDto.of(this.directoryWrites.update(identityStoreId, userId, change, AuditActors.of(caller, http))
			.orElseGet(() -> this.users.update(identityStoreId, userId, change, AuditActors.of(caller, http))));
	}

	@Operation(summary = "Delete a user and its group memberships (DeleteUser)")
	@DeleteMapping(USER)
	void delete(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("user_id") UUID userId,
			@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		if (!this.directoryWrites.delete(identityStoreId, userId, AuditActors.of(caller, http))) {
			this.users.delete(identityStoreId, userId, AuditActors.of(caller, http));
		}
	}

	@Operation(summary = "Find a user's id by its user_name (GetUserId)")
	@ApiResponse(responseCode = "200", description = "The user's id")
	@ApiResponse(responseCode = "404",
			description = "No user has that user_name, or the identifier is an "
					+ "external_id, which no user of this service has (IIC.404)")
	@PostMapping(path = USERS + "/retrieve-user-id", consumes = MediaType.APPLICATION_JSON_VALUE)
	GetUserIdResponse userId(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody AlternateIdentifierRequest request) {
		String userName = request.alternateIdentifier().uniqueValueOf("user_name");
		return new GetUserIdResponse(identityStoreId, this.users.idOf(identityStoreId, userName).toString());
	}

	@Operation(summary = "Enable a user (EnableUser)")
	@PostMapping(USER + "/enable")
	void enable(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("user_id") UUID userId,
			@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		if (this.directoryWrites.setEnabled(identityStoreId, userId, true, AuditActors.of(caller, http)).isEmpty()) {
			this.users.setEnabled(identityStoreId, userId, true, AuditActors.of(caller, http));
		}
	}

	@Operation(summary = "Disable a user (DisableUser)")
	@PostMapping(USER + "/disable")
	void disable(@PathVariable("identity_store_id") String identityStoreId, @PathVariable("user_id") UUID userId,
			@AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		if (this.directoryWrites.setEnabled(identityStoreId, userId, false, AuditActors.of(caller, http)).isEmpty()) {
			this.users.setEnabled(identityStoreId, userId, false, AuditActors.of(caller, http));
		}
	}

	/**
	 * Huawei's {@code CreateUserReqBody}, plus {@code email_verified},
	 * {@code distinguished_name} and {@code external_ids} (which Huawei's DescribeUser
	 * returns but its CreateUser does not take).
	 */
	record CreateUserRequest(@Schema(minLength = 1, maxLength = 128, pattern = USER_NAME,
			description = "Letters, digits and ._@+- (UserAttributeRules in the identity core)") @NotNull String userName,
			@Nullable String displayName, @Nullable NameDto name, @Nullable String nickname,
			@Nullable @Size(max = 10) List<@NotNull EmailDto> emails,
			@Nullable @Size(max = 10) List<@NotNull PhoneNumberDto> phoneNumbers, @Nullable String locale,
			@Nullable String preferredLanguage, @Nullable String timezone, @Nullable String title,
			@Nullable String userType, @Nullable Boolean emailVerified, @Nullable String distinguishedName,
			@Nullable PasswordMode passwordMode, @Nullable @Size(max = 10) List<@NotNull AddressDto> addresses,
			@Nullable EnterpriseDto enterprise,
			@Schema(maxLength = 1024, description = "An absolute http or https URL") @Nullable String profileUrl,
			@Nullable @Size(max = 10) List<@NotNull ExternalIdDto> externalIds) {

		UserAttributes toAttributes() {
			return UserAttributes.builder(this.userName)
				.displayName(this.displayName)
				.name((this.name != null) ? this.name.toPersonName() : null)
				.nickname(this.nickname)
				.emails(UserRepresentation.emails(this.emails))
				.phoneNumbers(UserRepresentation.phoneNumbers(this.phoneNumbers))
				.locale(this.locale)
				.preferredLanguage(this.preferredLanguage)
				.timezone(this.timezone)
				.title(this.title)
				.userType(this.userType)
				.emailVerified(Boolean.TRUE.equals(this.emailVerified))
				.distinguishedName(this.distinguishedName)
				.addresses(UserRepresentation.addresses(this.addresses))
				.enterprise(UserRepresentation.enterprise(this.enterprise))
				.profileUrl(this.profileUrl)
				.externalIds(UserRepresentation.externalIds(this.externalIds))
				.build();
		}

	}

	record CreateUserResponse(String identityStoreId, String userId, @Nullable String password) {

		@Override
		public String toString() {
			return "CreateUserResponse[userId=" + this.userId + "]";
		}

	}

	record ListUsersResponse(List<UserDto> users, PageInfo pageInfo) {
	}

	record GetUserIdResponse(String identityStoreId, String userId) {
	}

	record UpdateUserRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid AttributeOperation> operations) {
	}

}
