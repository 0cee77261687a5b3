package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.passwordreset.security.AccessTokenService;
import dev.passwordreset.security.AccessTokenService.IssuedToken;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.TemporaryCredentialService;
import dev.passwordreset.security.TemporaryCredentialService.TemporaryCredential;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Minting credentials: bearer tokens at {@code /v1/auth/tokens} with a permanent key, and
 * temporary credentials at Huawei IAM's {@code /v3.0/OS-CREDENTIAL/securitytokens} with a
 * permanent key or, as IAM's clients usually do, with a bearer token in
 * {@code X-Auth-Token} and {@code "methods": ["token"]}; those end no later than the
 * token. Both take an optional body; a request without one gets the default lifetime.
 */
@RestController
class TokenController {

	private static final String TOKENS = "/v1/auth/tokens";

	private static final String SECURITY_TOKENS = "/v3.0/OS-CREDENTIAL/securitytokens";

	private final AccessTokenService tokens;

	private final TemporaryCredentialService temporaryCredentials;

	TokenController(AccessTokenService tokens, TemporaryCredentialService temporaryCredentials) {
		this.tokens = tokens;
		this.temporaryCredentials = temporaryCredentials;
	}

	@Operation(summary = "Mint a bearer token (the body may be left out)")
	@PostMapping(path = TOKENS, consumes = MediaType.APPLICATION_JSON_VALUE)
	TokenResponse mint(@Valid @RequestBody TokenRequest request, @AuthenticationPrincipal Caller caller) {
		Duration lifetime = (request.durationSeconds() != null) ? Duration.ofSeconds(request.durationSeconds())
				: AccessTokenService.DEFAULT_LIFETIME;
		IssuedToken token = this.tokens.mint(caller, lifetime, Boolean.TRUE.equals(request.temporary()));
		return new TokenResponse(token.accessToken(), "Bearer", token.expiresIn(), token.securityToken());
	}

	@Hidden
	@PostMapping(path = TOKENS, headers = "!Content-Type")
	TokenResponse mintWithDefaults(@AuthenticationPrincipal Caller caller) {
		return mint(new TokenRequest(null, null), caller);
	}

	@Operation(summary = "Create temporary credentials with an X-Security-Token (the body may be left out)")
	@PostMapping(path = SECURITY_TOKENS, consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	CredentialResponse createTemporaryCredentials(@Valid @RequestBody SecurityTokenRequest request,
			@AuthenticationPrincipal Caller caller) {
		Integer seconds = request.lifetimeSeconds();
		Duration lifetime = (seconds != null) ? Duration.ofSeconds(seconds)
				: TemporaryCredentialService.DEFAULT_LIFETIME;
		TemporaryCredential credential = this.temporaryCredentials.issue(caller, lifetime);
		return new CredentialResponse(new Credential(credential.accessKeyId(), credential.secretAccessKey(),
				credential.securityToken(), credential.expiresAt().toString()));
	}

	@Hidden
	@PostMapping(path = SECURITY_TOKENS, headers = "!Content-Type")
	@ResponseStatus(HttpStatus.CREATED)
	CredentialResponse createTemporaryCredentialsWithDefaults(@AuthenticationPrincipal Caller caller) {
		return createTemporaryCredentials(new SecurityTokenRequest(null, null), caller);
	}

	record TokenRequest(@Nullable @Min(900) @Max(43200) Integer durationSeconds, @Nullable Boolean temporary) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TokenResponse(String accessToken, String tokenType, long expiresIn, @Nullable String securityToken) {

		@Override
		public String toString() {
			return "TokenResponse[expiresIn=" + this.expiresIn + "]";
		}

	}

	/**
	 * Huawei IAM's body, {@code {"auth": {"identity": {"methods": ["token"], "token":
	 * {"duration_seconds": 900}}}}}, or simply {@code {"duration_seconds": 900}}.
	 */
	record SecurityTokenRequest(@Nullable @Valid Auth auth, @Nullable @Min(900) @Max(86400) Integer durationSeconds) {

		@Nullable Integer lifetimeSeconds() {
			if (this.auth != null && this.auth.identity() != null && this.auth.identity().token() != null) {
				return this.auth.identity().token().durationSeconds();
			}
			return this.durationSeconds;
		}

	}

	record Auth(@Nullable @Valid Identity identity) {
	}

	record Identity(@Nullable List<String> methods, @Nullable @Valid TokenLifetime token) {
	}

	record TokenLifetime(@Nullable @Min(900) @Max(86400) Integer durationSeconds) {
	}

	record CredentialResponse(Credential credential) {
	}

	record Credential(String access, String secret, String securitytoken, String expiresAt) {

		@Override
		public String toString() {
			return "Credential[access=" + this.access + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
