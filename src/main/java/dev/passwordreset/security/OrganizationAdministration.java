package dev.passwordreset.security;

import dev.passwordreset.identity.AccountInfo;
import dev.passwordreset.identity.OrganizationService;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The changes to the organization that outlive the credential that asked for them,
 * creating accounts and (de)registering delegated administrators, made only when
 * {@link MintingRule} lets the caller. The faces call this, not
 * {@link OrganizationService} directly, so the rule holds even where a face's table
 * forgot it.
 */
@Service
public class OrganizationAdministration {

	private final OrganizationService organization;

	OrganizationAdministration(OrganizationService organization) {
		this.organization = organization;
	}

	public AccountInfo createAccount(Caller caller, String name, @Nullable String email) {
		MintingRule.require(caller, MintTarget.ACCOUNT, null);
		return this.organization.createAccount(name, email, caller.accountId());
	}

	public AccountInfo registerDelegatedAdministrator(Caller caller, String accountId) {
		MintingRule.require(caller, MintTarget.DELEGATION, null);
		return this.organization.registerDelegatedAdministrator(accountId, caller.accountId());
	}

	public void deregisterDelegatedAdministrator(Caller caller, String accountId) {
		MintingRule.require(caller, MintTarget.DELEGATION, null);
		this.organization.deregisterDelegatedAdministrator(accountId);
	}

}
