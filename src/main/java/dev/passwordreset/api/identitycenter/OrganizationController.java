package dev.passwordreset.api.identitycenter;

import java.util.List;

import dev.passwordreset.identity.AccountInfo;
import dev.passwordreset.identity.OrganizationInfo;
import dev.passwordreset.identity.OrganizationService;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.OrganizationAdministration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organization administration, for the management account only (see
 * {@link IdentityCenterAction}): member accounts and delegated administrators.
 */
@RestController
class OrganizationController {

	private final OrganizationService organization;

	private final OrganizationAdministration administration;

	OrganizationController(OrganizationService organization, OrganizationAdministration administration) {
		this.organization = organization;
		this.administration = administration;
	}

	@Operation(summary = "Describe the organization and its accounts (ours)")
	@GetMapping("/v1/organization")
	OrganizationResponse describe() {
		OrganizationInfo info = this.organization.organization();
		return new OrganizationResponse(info.organizationId(), info.managementAccountId(),
				info.createdAt().toEpochMilli(), info.accounts().stream().map(AccountResponse::of).toList());
	}

	@Operation(summary = "Create a member account (ours)")
	@ApiResponse(responseCode = "409", description = "An account with that name exists (IIC.1257)")
	@PostMapping(path = "/v1/organization/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	AccountResponse createAccount(@Valid @RequestBody CreateAccountRequest request,
			@AuthenticationPrincipal Caller caller) {
		return AccountResponse.of(this.administration.createAccount(caller, request.name(), request.email()));
	}

	@Operation(summary = "Register an account as delegated administrator (ours)")
	@ApiResponse(responseCode = "200", description = "The account, now a delegated administrator")
	@ApiResponse(responseCode = "409",
			description = "Already registered (IIC.1257), or the management account (IIC.1007)")
	@PostMapping("/v1/organization/delegated-administrators/{account_id}")
	AccountResponse registerDelegatedAdministrator(@PathVariable("account_id") String accountId,
			@AuthenticationPrincipal Caller caller) {
		return AccountResponse.of(this.administration.registerDelegatedAdministrator(caller, accountId));
	}

	@Operation(summary = "Deregister a delegated administrator (ours)")
	@DeleteMapping("/v1/organization/delegated-administrators/{account_id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deregisterDelegatedAdministrator(@PathVariable("account_id") String accountId,
			@AuthenticationPrincipal Caller caller) {
		this.administration.deregisterDelegatedAdministrator(caller, accountId);
	}

	record CreateAccountRequest(@NotNull String name, @Nullable String email) {
	}

	record OrganizationResponse(String organizationId, String managementAccountId, long createdAt,
			List<AccountResponse> accounts) {
	}

	record AccountResponse(String accountId, String organizationId, String name, @Nullable String email,
			boolean managementAccount, boolean delegatedAdministrator, long createdAt) {

		static AccountResponse of(AccountInfo account) {
			return new AccountResponse(account.accountId(), account.organizationId(), account.name(), account.email(),
					account.managementAccount(), account.delegatedAdministrator(), account.createdAt().toEpochMilli());
		}

	}

}
