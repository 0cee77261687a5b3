package dev.passwordreset.security;

import java.util.List;

import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.identity.OrganizationService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic with {@code access_key_id:secret_access_key}. The account's role is read on every
 * request, so registering or removing a delegated administrator takes effect at once.
 */
@Component
public class AccessKeyAuthenticationProvider implements AuthenticationProvider {

	private final AccessKeyService accessKeys;

	private final OrganizationService organization;

	AccessKeyAuthenticationProvider(AccessKeyService accessKeys, OrganizationService organization) {
		this.accessKeys = accessKeys;
		this.organization = organization;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String accessKeyId = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (accessKeyId == null || !(credentials instanceof String secret)) {
			throw new BadCredentialsException("Missing access key");
		}
		String accountId = this.accessKeys.authenticate(accessKeyId, secret)
			.orElseThrow(() -> new BadCredentialsException("Unknown access key or wrong secret"));
		AccountRole role = this.organization.roleOf(accountId)
			.orElseThrow(() -> new BadCredentialsException("Unknown account"));
		Caller caller = new Caller(accountId, accessKeyId, role);
		return UsernamePasswordAuthenticationToken.authenticated(caller, null,
				List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
