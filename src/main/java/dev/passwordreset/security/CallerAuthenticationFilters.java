package dev.passwordreset.security;

import java.time.Clock;

import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Builds the authentication filters an API face puts in its chain. The face supplies the entry
 * point, because only it knows its error format. The filters are not beans, so that the servlet
 * container does not also run them outside the chain.
 */
@Component
public class CallerAuthenticationFilters {

	private final AccessKeyService accessKeys;

	private final CallerResolver callers;

	private final SecurityProperties properties;

	private final Clock clock;

	CallerAuthenticationFilters(AccessKeyService accessKeys, CallerResolver callers, SecurityProperties properties,
			Clock clock) {
		this.accessKeys = accessKeys;
		this.callers = callers;
		this.properties = properties;
		this.clock = clock;
	}

	public SdkSignatureAuthenticationFilter sdkSignature(AuthenticationEntryPoint entryPoint) {
		return new SdkSignatureAuthenticationFilter(this.accessKeys, this.callers, this.clock,
				this.properties.maxClockSkew(), entryPoint);
	}

}
