package dev.passwordreset.api.identitycenter;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.passwordreset.api.RouteGuard;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.MintTarget;
import dev.passwordreset.security.MintingRule;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every operation of the face with the action name a denial reports and who may perform
 * it. The security chain and the access-denied handler both read this one table, so a
 * route cannot be protected by one rule and explained by another; a route it does not
 * list is unreachable (404 or 405, see {@link RouteGuard}), and {@code HEAD} follows the
 * rule of {@code GET}. The two routes that need no credentials are listed apart, in
 * {@link IdentityCenterSecurityConfiguration#OPEN_ROUTES}.
 */
enum IdentityCenterAction {

	LIST_INSTANCES(HttpMethod.GET, "/v1/instances", "identitycenter:instances:list", Audience.ADMINISTRATORS),

	CREATE_IDENTITY_STORE(HttpMethod.POST, "/v1/identity-stores", "identitystore:identityStores:create",
			Audience.MANAGEMENT_ACCOUNT),

	GET_IDENTITY_STORE_SUMMARY(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/identity-store-summary",
			"identitystore:identityStores:getSummary", Audience.ADMINISTRATORS),

	DESCRIBE_PASSWORD_POLICY(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/password-policy",
			"identitystore:passwordPolicy:get", Audience.ADMINISTRATORS),

	UPDATE_PASSWORD_POLICY(HttpMethod.PUT, "/v1/identity-stores/{identity_store_id}/password-policy",
			"identitystore:passwordPolicy:update", Audience.ADMINISTRATORS),

	CREATE_USER(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/users", "identitystore:user:create",
			Audience.ADMINISTRATORS),

	LIST_USERS(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/users", "identitystore:user:list",
			Audience.ADMINISTRATORS),

	DESCRIBE_USER(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/users/{user_id}", "identitystore:user:get",
			Audience.ADMINISTRATORS),

	UPDATE_USER(HttpMethod.PUT, "/v1/identity-stores/{identity_store_id}/users/{user_id}", "identitystore:user:update",
			Audience.ADMINISTRATORS),

	DELETE_USER(HttpMethod.DELETE, "/v1/identity-stores/{identity_store_id}/users/{user_id}",
			"identitystore:user:delete", Audience.ADMINISTRATORS),

	ENABLE_USER(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/users/{user_id}/enable",
			"identitystore:user:enable", Audience.ADMINISTRATORS),

	RESET_USER_PASSWORD(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/users/{user_id}/reset-password",
			"identitystore:user:resetPassword", Audience.ADMINISTRATORS),

	AUTHENTICATE_USER(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/authenticate",
			"identitystore:user:authenticate", Audience.ADMINISTRATORS),

	DISABLE_USER(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/users/{user_id}/disable",
			"identitystore:user:disable", Audience.ADMINISTRATORS),

	GET_USER_ID(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/users/retrieve-user-id",
			"identitystore:user:getUserId", Audience.ADMINISTRATORS),

	CREATE_GROUP(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/groups", "identitystore:group:create",
			Audience.ADMINISTRATORS),

	LIST_GROUPS(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/groups", "identitystore:group:list",
			Audience.ADMINISTRATORS),

	GET_GROUP_ID(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/groups/retrieve-group-id",
			"identitystore:group:getGroupId", Audience.ADMINISTRATORS),

	DESCRIBE_GROUP(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/groups/{group_id}",
			"identitystore:group:get", Audience.ADMINISTRATORS),

	UPDATE_GROUP(HttpMethod.PUT, "/v1/identity-stores/{identity_store_id}/groups/{group_id}",
			"identitystore:group:update", Audience.ADMINISTRATORS),

	DELETE_GROUP(HttpMethod.DELETE, "/v1/identity-stores/{identity_store_id}/groups/{group_id}",
			"identitystore:group:delete", Audience.ADMINISTRATORS),

	CREATE_GROUP_MEMBERSHIP(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/group-memberships",
			"identitystore:groupMembership:create", Audience.ADMINISTRATORS),

	LIST_GROUP_MEMBERSHIPS(HttpMethod.GET, "/v1/identity-stores/{identity_store_id}/group-memberships",
			"identitystore:groupMembership:list", Audience.ADMINISTRATORS),

	GET_GROUP_MEMBERSHIP_ID(HttpMethod.POST,
			"/v1/identity-stores/{identity_store_id}/group-memberships/retrieve-group-membership-id",
			"identitystore:groupMembership:getMembershipId", Audience.ADMINISTRATORS),

	DESCRIBE_GROUP_MEMBERSHIP(HttpMethod.GET,
			"/v1/identity-stores/{identity_store_id}/group-memberships/{membership_id}",
			"identitystore:groupMembership:get", Audience.ADMINISTRATORS),

	DELETE_GROUP_MEMBERSHIP(HttpMethod.DELETE,
			"/v1/identity-stores/{identity_store_id}/group-memberships/{membership_id}",
			"identitystore:groupMembership:delete", Audience.ADMINISTRATORS),

	LIST_GROUP_MEMBERSHIPS_FOR_MEMBER(HttpMethod.GET,
			"/v1/identity-stores/{identity_store_id}/group-memberships-for-member",
			"identitystore:groupMembership:listForMember", Audience.ADMINISTRATORS),

	IS_MEMBER_IN_GROUPS(HttpMethod.POST, "/v1/identity-stores/{identity_store_id}/is-member-in-groups",
			"identitystore:groupMembership:isMemberInGroups", Audience.ADMINISTRATORS),

	DESCRIBE_ORGANIZATION(HttpMethod.GET, "/v1/organization", "organizations:organizations:get",
			Audience.MANAGEMENT_ACCOUNT),

	CREATE_ACCOUNT(HttpMethod.POST, "/v1/organization/accounts", "organizations:accounts:create",
			Audience.ACCOUNT_MINTERS),

	REGISTER_DELEGATED_ADMINISTRATOR(HttpMethod.POST, "/v1/organization/delegated-administrators/{account_id}",
			"organizations:delegatedAdministrators:register", Audience.DELEGATION_MINTERS),

	DEREGISTER_DELEGATED_ADMINISTRATOR(HttpMethod.DELETE, "/v1/organization/delegated-administrators/{account_id}",
			"organizations:delegatedAdministrators:deregister", Audience.DELEGATION_MINTERS),

	CREATE_ACCESS_KEY(HttpMethod.POST, "/v1/accounts/{account_id}/access-keys", "iam:credentials:create",
			Audience.ACCESS_KEY_MINTERS),

	LIST_ACCESS_KEYS(HttpMethod.GET, "/v1/accounts/{account_id}/access-keys", "iam:credentials:list",
			Audience.ACCOUNT_OWNER),

	DELETE_ACCESS_KEY(HttpMethod.DELETE, "/v1/accounts/{account_id}/access-keys/{access_key_id}",
			"iam:credentials:delete", Audience.ACCOUNT_OWNER),

	DECODE_AUTHORIZATION_MESSAGE(HttpMethod.POST, "/v5/decode-authorization-message", "sts:authorizationMessage:decode",
			Audience.MANAGEMENT_ACCOUNT),

	CREATE_BEARER_TOKEN(HttpMethod.POST, "/v1/auth/tokens", "iam:tokens:create", Audience.BEARER_TOKEN_MINTERS),

	CREATE_TEMPORARY_CREDENTIALS(HttpMethod.POST, "/v3.0/OS-CREDENTIAL/securitytokens", "iam:securitytokens:create",
			Audience.TEMPORARY_CREDENTIAL_MINTERS),

	LIST_AUDIT_EVENTS(HttpMethod.GET, "/v1/audit-events", "audit:events:list", Audience.MANAGEMENT_ACCOUNT);

	/**
	 * Who may call. Administrators are the management account and delegated
	 * administrators; an account owner is the account named in the path, or the
	 * management account. Who may mint a credential, an account or a delegation is
	 * {@link MintingRule}'s to say, not this table's, so the table and the services that
	 * mint answer alike.
	 */
	enum Audience {

		MANAGEMENT_ACCOUNT(null), ADMINISTRATORS(null), ACCOUNT_OWNER(null), ACCOUNT_MINTERS(MintTarget.ACCOUNT),
		DELEGATION_MINTERS(MintTarget.DELEGATION), ACCESS_KEY_MINTERS(MintTarget.PERMANENT_KEY),
		BEARER_TOKEN_MINTERS(MintTarget.BEARER_TOKEN), TEMPORARY_CREDENTIAL_MINTERS(MintTarget.TEMPORARY_CREDENTIALS);

		private final @Nullable MintTarget minted;

		Audience(@Nullable MintTarget minted) {
			this.minted = minted;
		}

		/** What the operation mints, or null when it mints nothing. */
		@Nullable MintTarget minted() {
			return this.minted;
		}

		/**
		 * Why this caller is refused, for the encoded authorization message; a minting
		 * refusal says which part of the rule the caller failed.
		 */
		String refusal(Caller caller, @Nullable String pathAccountId) {
			if (this.minted != null) {
				return MintingRule.refusal(caller, this.minted, pathAccountId).orElse(refusal());
			}
			return refusal();
		}

		/**
		 * Why a caller outside this audience is refused, for the encoded authorization
		 * message.
		 */
		String refusal() {
			return switch (this) {
				case MANAGEMENT_ACCOUNT, ACCOUNT_MINTERS, DELEGATION_MINTERS ->
					"no allow: only the organization's management account may perform this action";
				case ADMINISTRATORS -> "no allow: the account is neither the management account nor a registered "
						+ "delegated administrator";
				case ACCOUNT_OWNER, ACCESS_KEY_MINTERS ->
					"no allow: only the account itself or the management " + "account may manage its access keys";
				case BEARER_TOKEN_MINTERS -> MintingRule.NOT_FROM_A_PERMANENT_KEY_REFUSAL;
				case TEMPORARY_CREDENTIAL_MINTERS -> MintingRule.NOT_FROM_A_KEY_OR_ITS_TOKEN_REFUSAL;
			};
		}

		boolean admits(Caller caller, @Nullable String pathAccountId) {
			if (this.minted != null) {
				return MintingRule.permits(caller, this.minted, pathAccountId);
			}
			return switch (this) {
				case MANAGEMENT_ACCOUNT -> caller.isManagementAccount();
				case ADMINISTRATORS -> caller.isAdministrator();
				case ACCOUNT_OWNER -> caller.isManagementAccount() || caller.accountId().equals(pathAccountId);
				case ACCOUNT_MINTERS, DELEGATION_MINTERS, ACCESS_KEY_MINTERS, BEARER_TOKEN_MINTERS,
						TEMPORARY_CREDENTIAL_MINTERS ->
					false;
			};
		}

	}

	private final RouteGuard.Route route;

	private final RequestMatcher matcher;

	private final String actionName;

	private final Audience audience;

	IdentityCenterAction(HttpMethod method, String pattern, String actionName, Audience audience) {
		this.route = new RouteGuard.Route(method, pattern);
		// HEAD asks what GET asks: the same audience decides it, and a refusal names the
		// same action.
		this.matcher = RouteGuard.matcher(method, pattern);
		this.actionName = actionName;
		this.audience = audience;
	}

	RequestMatcher matcher() {
		return this.matcher;
	}

	String actionName() {
		return this.actionName;
	}

	Audience audience() {
		return this.audience;
	}

	RouteGuard.Route route() {
		return this.route;
	}

	/** The face's route table: every route of every action. */
	static List<RouteGuard.Route> routes() {
		return Arrays.stream(values()).map(IdentityCenterAction::route).toList();
	}

	/** Every action's name, once. */
	static List<String> actionNames() {
		return Arrays.stream(values()).map(IdentityCenterAction::actionName).distinct().toList();
	}

	static Optional<IdentityCenterAction> of(HttpServletRequest request) {
		return Arrays.stream(values()).filter((action) -> action.matcher.matches(request)).findFirst();
	}

}
