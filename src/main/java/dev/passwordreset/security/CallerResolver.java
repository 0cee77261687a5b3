package dev.passwordreset.security;

import java.time.Instant;
import java.util.List;

import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.identity.OrganizationService;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Turns an authenticated key into the request's {@link Caller}. The role is read on every
 * request, from the shared database, so a revoked delegation or a removed account counts
 * at once on every instance.
 */
@Component
class CallerResolver {

	private final OrganizationService organization;

	CallerResolver(OrganizationService organization) {
		this.organization = organization;
	}

	Authentication authenticated(String accountId, String accessKeyId, CredentialKind credential) {
		return authenticated(accountId, accessKeyId, credential, null);
	}

	Authentication authenticated(String accountId, String accessKeyId, CredentialKind credential,
			@Nullable Instant expiresAt) {
		AccountRole role = this.organization.roleOf(accountId)
			.orElseThrow(() -> new CallerAuthenticationException(AuthenticationFailure.BAD_CREDENTIALS,
					"The key's account no longer exists"));
		Caller caller = new Caller(accountId, accessKeyId, role, credential, expiresAt);
		return UsernamePasswordAuthenticationToken.authenticated(caller, null,
				List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
	}

}
