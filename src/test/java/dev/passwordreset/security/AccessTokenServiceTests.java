package dev.passwordreset.security;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import dev.passwordreset.DataDirectory;
import dev.passwordreset.identity.AccountRole;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class AccessTokenServiceTests {

	private static final String IDP = "https://idp.example.com";

	private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

	@TempDir
	Path dataDir;

	KeyPair idpKeys = Jwts.SIG.RS256.keyPair().build();

	AccessKeyService accessKeys = mock(AccessKeyService.class);

	CallerResolver callers = mock(CallerResolver.class);

	AccessTokenService tokens;

	@BeforeEach
	void service() {
		String publicKey = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(this.idpKeys.getPublic().getEncoded())
				+ "\n-----END PUBLIC KEY-----";
		SecurityProperties properties = new SecurityProperties(null, Duration.ofMinutes(15),
				new SecurityProperties.Jwt("password-reset-service", Duration.ofSeconds(60),
						List.of(new SecurityProperties.TrustedIssuer(IDP, publicKey, "account_id"))));
		MasterKey masterKey = new MasterKey(properties, new DataDirectory(this.dataDir), new MockEnvironment());
		this.tokens = new AccessTokenService(masterKey, properties, this.accessKeys, this.callers,
				JsonMapper.builder().build(), Clock.systemUTC());
		given(this.accessKeys.isActive(anyString())).willReturn(true);
		given(this.callers.authenticated(anyString(), anyString(), org.mockito.ArgumentMatchers.any())).willAnswer(
				(invocation) -> UsernamePasswordAuthenticationToken.authenticated(new Caller(invocation.getArgument(0),
						invocation.getArgument(1), AccountRole.MANAGEMENT_ACCOUNT, invocation.getArgument(2)), null,
						List.of()));
		given(this.callers.authenticated(anyString(), anyString(), org.mockito.ArgumentMatchers.any(),
				org.mockito.ArgumentMatchers.any()))
			.willAnswer((invocation) -> UsernamePasswordAuthenticationToken.authenticated(
					new Caller(invocation.getArgument(0), invocation.getArgument(1), AccountRole.MANAGEMENT_ACCOUNT,
							invocation.getArgument(2), invocation.getArgument(3)),
					null, List.of()));
	}

	@Test
	void mintedTokenAuthenticatesAsTheMintingKeysAccount() {
		String token = this.tokens
			.mint(new Caller(ACCOUNT, "AKKEY000000000000001", AccountRole.MEMBER, CredentialKind.PERMANENT_KEY),
					Duration.ofMinutes(15), false)
			.accessToken();
		Caller caller = (Caller) this.tokens.authenticate(token, null).getPrincipal();
		assertThat(caller.accountId()).isEqualTo(ACCOUNT);
		assertThat(caller.accessKeyId()).isEqualTo("AKKEY000000000000001");
		assertThat(caller.credential()).isEqualTo(CredentialKind.BEARER_TOKEN);
		assertThat(caller.expiresAt()).isBetween(Instant.now().plusSeconds(840), Instant.now().plusSeconds(901));
	}

	@Test
	void aTokenBoundToASecurityTokenAuthenticatesAsTemporary() {
		AccessTokenService.IssuedToken token = this.tokens.mint(
				new Caller(ACCOUNT, "AKKEY000000000000001", AccountRole.MEMBER, CredentialKind.PERMANENT_KEY),
				Duration.ofMinutes(15), true);
		Caller caller = (Caller) this.tokens.authenticate(token.accessToken(), token.securityToken()).getPrincipal();
		assertThat(caller.credential()).isEqualTo(CredentialKind.TEMPORARY_BEARER_TOKEN);
	}

	@Test
	void trustedIssuersTokenAuthenticatesTheAccountInItsClaim() {
		String token = external(Jwts.builder().claim("account_id", ACCOUNT))
			.signWith(this.idpKeys.getPrivate(), Jwts.SIG.RS256)
			.compact();
		Authentication authentication = this.tokens.authenticate(token, null);
		Caller caller = (Caller) authentication.getPrincipal();
		assertThat(caller.accountId()).isEqualTo(ACCOUNT);
		assertThat(caller.credential()).isEqualTo(CredentialKind.EXTERNAL_TOKEN);
		assertThat(caller.accessKeyId()).isEqualTo(IDP);
	}

	@Test
	void trustedIssuerNameSignedWithAnotherKeyIsRefused() {
		KeyPair attacker = Jwts.SIG.RS256.keyPair().build();
		String token = external(Jwts.builder().claim("account_id", ACCOUNT))
			.signWith(attacker.getPrivate(), Jwts.SIG.RS256)
			.compact();
		assertRefused(token, AuthenticationFailure.TOKEN_INVALID);
	}

	@Test
	void publicKeyUsedAsAnHmacSecretIsRefused() {
		// The classic algorithm confusion: sign HS256 with the issuer's public key bytes.
		String token = external(Jwts.builder().claim("account_id", ACCOUNT))
			.signWith(Keys.hmacShaKeyFor(this.idpKeys.getPublic().getEncoded()), Jwts.SIG.HS256)
			.compact();
		assertRefused(token, AuthenticationFailure.TOKEN_INVALID);
	}

	@Test
	void expiredExternalTokenIsRefusedAsExpired() {
		Instant past = Instant.now().minus(Duration.ofHours(2));
		String token = Jwts.builder()
			.issuer(IDP)
			.subject("someone")
			.claim("account_id", ACCOUNT)
			.issuedAt(Date.from(past))
			.expiration(Date.from(past.plus(Duration.ofMinutes(5))))
			.signWith(this.idpKeys.getPrivate(), Jwts.SIG.RS256)
			.compact();
		assertRefused(token, AuthenticationFailure.TOKEN_EXPIRED);
	}

	@Test
	void externalTokenWithoutTheAccountClaimIsRefused() {
		String token = external(Jwts.builder()).signWith(this.idpKeys.getPrivate(), Jwts.SIG.RS256).compact();
		assertRefused(token, AuthenticationFailure.TOKEN_INVALID);
	}

	@Test
	void ourOwnTokenWithAnotherIssuerIsRefused() {
		String token = this.tokens
			.mint(new Caller(ACCOUNT, "AKKEY000000000000001", AccountRole.MEMBER, CredentialKind.PERMANENT_KEY),
					Duration.ofMinutes(15), false)
			.accessToken();
		String[] parts = token.split("\\.");
		String otherIssuer = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]))
				.replace("password-reset-service", "someone-else")
				.getBytes());
		assertRefused(parts[0] + "." + otherIssuer + "." + parts[2], AuthenticationFailure.TOKEN_INVALID);
	}

	private void assertRefused(String token, AuthenticationFailure failure) {
		assertThatExceptionOfType(CallerAuthenticationException.class)
			.isThrownBy(() -> this.tokens.authenticate(token, null))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(failure));
	}

	private static io.jsonwebtoken.JwtBuilder external(io.jsonwebtoken.JwtBuilder builder) {
		Instant now = Instant.now();
		return builder.issuer(IDP)
			.subject("someone@example.com")
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofMinutes(10))));
	}

}
