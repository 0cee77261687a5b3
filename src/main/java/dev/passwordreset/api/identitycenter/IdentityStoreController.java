package dev.passwordreset.api.identitycenter;

import dev.passwordreset.identity.IdentityStoreInfo;
import dev.passwordreset.identity.IdentityStoreKind;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.identity.IdentityStoreSummary;
import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordPolicyChange;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Identity stores, their summary and their password policy.
 */
@RestController
class IdentityStoreController {

	private final IdentityStoreService identityStores;

	private final PasswordPolicyService passwordPolicies;

	IdentityStoreController(IdentityStoreService identityStores, PasswordPolicyService passwordPolicies) {
		this.identityStores = identityStores;
		this.passwordPolicies = passwordPolicies;
	}

	@Operation(summary = "Create an identity store")
	@ApiResponse(responseCode = "409", description = "An identity store with that name exists (IIC.1257)")
	@PostMapping(path = "/v1/identity-stores", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	IdentityStoreResponse create(@Valid @RequestBody CreateIdentityStoreRequest request,
			@AuthenticationPrincipal Caller caller) {
		StoreKind kind = (request.kind() != null) ? request.kind() : StoreKind.INTERNAL;
		return IdentityStoreResponse.of(this.identityStores.create(request.name(), kind.core, caller.accountId()));
	}

	@Operation(summary = "Describe an identity store's user and group counts and quotas")
	@GetMapping("/v1/identity-stores/{identity_store_id}/identity-store-summary")
	SummaryResponse summary(@PathVariable("identity_store_id") String identityStoreId) {
		IdentityStoreSummary summary = this.identityStores.summary(identityStoreId);
		return new SummaryResponse(summary.users(), summary.usersQuota(), summary.groups(), summary.groupsQuota());
	}

	@Operation(summary = "Show an identity store's password policy")
	@GetMapping("/v1/identity-stores/{identity_store_id}/password-policy")
	PasswordPolicyBody passwordPolicy(@PathVariable("identity_store_id") String identityStoreId) {
		this.identityStores.get(identityStoreId);
		return PasswordPolicyBody.of(this.passwordPolicies.policyOf(identityStoreId));
	}

	@Operation(summary = "Change an identity store's password policy")
	@ApiResponse(responseCode = "200", description = "The policy as changed")
	@ApiResponse(responseCode = "409", description = "A concurrent change won; retry (IIC.1006)")
	@PutMapping(path = "/v1/identity-stores/{identity_store_id}/password-policy",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	PasswordPolicyBody updatePasswordPolicy(@PathVariable("identity_store_id") String identityStoreId,
			@Valid @RequestBody UpdatePasswordPolicyRequest request, @AuthenticationPrincipal Caller caller) {
		this.identityStores.get(identityStoreId);
		PasswordPolicyDto policy = request.passwordPolicy();
		PasswordPolicyChange change = new PasswordPolicyChange(policy.minimumPasswordLength(),
				policy.maximumPasswordLength(), policy.requireUppercaseCharacters(),
				policy.requireLowercaseCharacters(), policy.requireNumbers(), policy.requireSymbols(),
				policy.maxPasswordAge(), policy.passwordReusePrevention());
		return PasswordPolicyBody.of(this.passwordPolicies.update(identityStoreId, change, caller.accountId()));
	}

	/**
	 * Our extension: {@code kind} is {@code internal} (the default, users in this
	 * service) or {@code ldap} (users in the directory configured under
	 * {@code reset.ldap.stores.<name>}, which must exist first). Huawei's SDK sends no
	 * kind.
	 */
	record CreateIdentityStoreRequest(@NotNull String name, @Nullable StoreKind kind) {
	}

	record IdentityStoreResponse(String identityStoreId, String name, String instanceId, long createdAt,
			String createdBy, StoreKind kind) {

		static IdentityStoreResponse of(IdentityStoreInfo store) {
			return new IdentityStoreResponse(store.identityStoreId(), store.name(), store.instanceId(),
					store.createdAt().toEpochMilli(), store.createdBy(), StoreKind.of(store.kind()));
		}

	}

	/** Where a store's users live, as the API spells it. */
	enum StoreKind {

		@JsonProperty("internal")
		INTERNAL(IdentityStoreKind.INTERNAL),

		@JsonProperty("ldap")
		LDAP(IdentityStoreKind.LDAP);

		private final IdentityStoreKind core;

		StoreKind(IdentityStoreKind core) {
			this.core = core;
		}

		static StoreKind of(IdentityStoreKind kind) {
			return (kind == IdentityStoreKind.LDAP) ? LDAP : INTERNAL;
		}

	}

	record SummaryResponse(long users, long usersQuota, long groups, long groupsQuota) {
	}

	record UpdatePasswordPolicyRequest(@NotNull @Valid PasswordPolicyDto passwordPolicy) {
	}

	record PasswordPolicyBody(PasswordPolicyDto passwordPolicy) {

		static PasswordPolicyBody of(PasswordPolicy policy) {
			return new PasswordPolicyBody(
					new PasswordPolicyDto(policy.minimumPasswordLength(), policy.requireUppercaseCharacters(),
							policy.requireLowercaseCharacters(), policy.requireNumbers(), policy.requireSymbols(),
							policy.maxPasswordAge(), policy.passwordReusePrevention(), policy.maximumPasswordLength()));
		}

	}

	/**
	 * Huawei's {@code PasswordPolicyDto}; on update, an absent field keeps its current
	 * value. {@code maximum_password_length} is our extension, which Huawei's SDK
	 * ignores.
	 */
	record PasswordPolicyDto(@Nullable Integer minimumPasswordLength, @Nullable Boolean requireUppercaseCharacters,
			@Nullable Boolean requireLowercaseCharacters, @Nullable Boolean requireNumbers,
			@Nullable Boolean requireSymbols, @Nullable Integer maxPasswordAge,
			@Nullable Integer passwordReusePrevention, @Nullable Integer maximumPasswordLength) {
	}

}
