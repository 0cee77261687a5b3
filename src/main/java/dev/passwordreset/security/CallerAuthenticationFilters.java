package dev.passwordreset.security;

import java.time.Clock;

import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Builds the authentication filters an API face puts in its chain. The face supplies the
 * entry point, because only it knows its error format. The filters are not beans, so that
 * the servlet container does not also run them outside the chain.
 */
@Component
public class CallerAuthenticationFilters {

	private final AccessKeyService accessKeys;

	private final TemporaryCredentialService temporaryCredentials;

	private final AccessTokenService tokens;

	private final CallerResolver callers;

	private final SecurityProperties properties;

	private final Clock clock;

	CallerAuthenticationFilters(AccessKeyService accessKeys, TemporaryCredentialService temporaryCredentials,
			AccessTokenService tokens, CallerResolver callers, SecurityProperties properties, Clock clock) {
		this.accessKeys = accessKeys;
		this.temporaryCredentials = temporaryCredentials;
		this.tokens = tokens;
		this.callers = callers;
		this.properties = properties;
		this.clock = clock;
	}

	public SdkSignatureAuthenticationFilter sdkSignature(AuthenticationEntryPoint entryPoint) {
		return new SdkSignatureAuthenticationFilter(this.accessKeys, this.temporaryCredentials, this.callers,
				this.clock, this.properties.maxClockSkew(), entryPoint);
	}

	public JwtBearerAuthenticationFilter bearerToken(AuthenticationEntryPoint entryPoint) {
		return new JwtBearerAuthenticationFilter(this.tokens, entryPoint);
	}

}
