package dev.passwordreset.security;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic with {@code access_key_id:secret_access_key}, for curl and scripts; Huawei's
 * clients sign requests instead (see {@link SdkSignatureAuthenticationFilter}).
 */
@Component
public class AccessKeyAuthenticationProvider implements AuthenticationProvider {

	private final AccessKeyService accessKeys;

	private final CallerResolver callers;

	AccessKeyAuthenticationProvider(AccessKeyService accessKeys, CallerResolver callers) {
		this.accessKeys = accessKeys;
		this.callers = callers;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String accessKeyId = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (accessKeyId == null || !(credentials instanceof String secret)) {
			throw new CallerAuthenticationException(AuthenticationFailure.MALFORMED_CREDENTIALS, "Missing access key");
		}
		String accountId = this.accessKeys.authenticate(accessKeyId, secret)
			.orElseThrow(() -> new CallerAuthenticationException(AuthenticationFailure.BAD_CREDENTIALS,
					"Unknown access key or wrong secret"));
		return this.callers.authenticated(accountId, accessKeyId, CredentialKind.PERMANENT_KEY);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
