package dev.passwordreset.api.identitycenter;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.passwordreset.api.RequestIds;
import dev.passwordreset.api.SecurityAuditing;
import dev.passwordreset.security.AuthorizationDenial;
import dev.passwordreset.security.AuthorizationMessages;
import dev.passwordreset.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Audits and answers a 403 for the action a request names, with its encoded authorization
 * message, whoever refused it: the security chain's table or the core's own minting rule.
 * One place, so that both refusals read alike to a client and in the audit.
 */
@Component
class AccessDenials {

	private final IdentityCenterErrors errors;

	private final AuthorizationMessages authorizationMessages;

	private final SecurityAuditing auditing;

	private final Clock clock;

	AccessDenials(IdentityCenterErrors errors, AuthorizationMessages authorizationMessages, SecurityAuditing auditing,
			Clock clock) {
		this.errors = errors;
		this.authorizationMessages = authorizationMessages;
		this.auditing = auditing;
		this.clock = clock;
	}

	/**
	 * @param reason why this caller may not perform this action, for the encoded message
	 * and the audit
	 */
	void deny(HttpServletRequest request, HttpServletResponse response,
			BiFunction<IdentityCenterAction, Caller, String> reason) throws IOException {
		Optional<IdentityCenterAction> action = IdentityCenterAction.of(request);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (action.isEmpty() || authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
			this.auditing.accessDenied(request, authentication);
			this.errors.write(request, response, IdentityCenterCode.ACCESS_DENIED,
					"Access denied: the caller may not perform this request.");
			return;
		}
		AuthorizationDenial denial = new AuthorizationDenial(caller.accountId(), caller.accessKeyId(),
				caller.role().name(), action.get().actionName(), request.getRequestURI(),
				reason.apply(action.get(), caller), RequestIds.of(request), this.clock.instant());
		this.auditing.accessDenied(request, denial);
		this.errors.write(request, response, IdentityCenterCode.NO_PERMISSION,
				"No permission for action " + action.get().actionName() + ".",
				this.authorizationMessages.encode(denial));
	}

}
