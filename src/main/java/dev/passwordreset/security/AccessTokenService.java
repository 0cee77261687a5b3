package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens: HS256 JWTs minted for a permanent key and checked on every use for
 * issuer, expiry, not-before (with a little leeway), the one configured algorithm, and
 * that the key that minted them still exists. A temporary token is bound to a security
 * token by its hash, so the bearer alone is not enough. Tokens of trusted external
 * issuers are checked with their public keys instead.
 */
@Service
public class AccessTokenService {

	public static final Duration MIN_LIFETIME = Duration.ofSeconds(900);

	public static final Duration MAX_LIFETIME = Duration.ofSeconds(43200);

	public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

	private static final String KEY_CLAIM = "akid";

	private static final String SECURITY_TOKEN_HASH_CLAIM = "sth";

	private final SecretKey signingKey;

	private final SecurityProperties.Jwt settings;

	private final JwtParser parser;

	private final Map<String, ExternalIssuer> externalIssuers = new LinkedHashMap<>();

	private final AccessKeyService accessKeys;

	private final CallerResolver callers;

	private final JsonMapper json;

	private final Clock clock;

	AccessTokenService(MasterKey masterKey, SecurityProperties properties, AccessKeyService accessKeys,
			CallerResolver callers, JsonMapper json, Clock clock) {
		this.signingKey = Keys.hmacShaKeyFor(masterKey.derive("bearer-token-signing"));
		this.settings = properties.jwt();
		this.accessKeys = accessKeys;
		this.callers = callers;
		this.json = json;
		this.clock = clock;
		this.parser = Jwts.parser()
			.sig()
			.clear()
			.add(Jwts.SIG.HS256)
			.and()
			.verifyWith(this.signingKey)
			.requireIssuer(this.settings.issuer())
			.clock(() -> Date.from(clock.instant()))
			.clockSkewSeconds(this.settings.clockSkew().toSeconds())
			.build();
		for (SecurityProperties.TrustedIssuer trusted : this.settings.trustedIssuers()) {
			this.externalIssuers.put(trusted.issuer(), ExternalIssuer.of(trusted, this.settings, clock));
		}
	}

	public IssuedToken mint(Caller caller, Duration lifetime, boolean temporary) {
		MintingRule.require(caller, MintTarget.BEARER_TOKEN, caller.accountId());
		Instant now = this.clock.instant();
		String securityToken = temporary ? RandomSecrets.urlSafe(32) : null;
		var builder = Jwts.builder()
			.issuer(this.settings.issuer())
			.subject(caller.accountId())
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(now))
			.notBefore(Date.from(now))
			.expiration(Date.from(now.plus(lifetime)))
			.claim(KEY_CLAIM, caller.accessKeyId());
		if (securityToken != null) {
			builder.claim(SECURITY_TOKEN_HASH_CLAIM, RandomSecrets.sha256UrlSafe(securityToken));
		}
		return new IssuedToken(builder.signWith(this.signingKey, Jwts.SIG.HS256).compact(), lifetime.toSeconds(),
				securityToken);
	}

	Authentication authenticate(String token, @Nullable String securityToken) {
		ExternalIssuer external = this.externalIssuers.get(unverifiedIssuer(token));
		if (external != null) {
			Claims claims = parse(external.parser(), token);
			String accountId = claims.get(external.accountClaim(), String.class);
			if (accountId == null) {
				throw invalid("The token has no " + external.accountClaim() + " claim");
			}
			return this.callers.authenticated(accountId, external.issuer(), CredentialKind.EXTERNAL_TOKEN);
		}
		Claims claims = parse(this.parser, token);
		String accessKeyId = claims.get(KEY_CLAIM, String.class);
		if (accessKeyId == null || !this.accessKeys.isActive(accessKeyId)) {
			throw invalid("The key that minted the token no longer exists");
		}
		String boundHash = claims.get(SECURITY_TOKEN_HASH_CLAIM, String.class);
		if (boundHash != null) {
			if (securityToken == null || securityToken.isBlank()) {
				throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_MISSING,
						"A temporary bearer token needs its X-Security-Token");
			}
			if (!java.security.MessageDigest.isEqual(boundHash.getBytes(StandardCharsets.US_ASCII),
					RandomSecrets.sha256UrlSafe(securityToken.strip()).getBytes(StandardCharsets.US_ASCII))) {
				throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_MISMATCH,
						"The security token belongs to another bearer token");
			}
		}
		return this.callers.authenticated(claims.getSubject(), accessKeyId,
				(boundHash != null) ? CredentialKind.TEMPORARY_BEARER_TOKEN : CredentialKind.BEARER_TOKEN,
				claims.getExpiration().toInstant());
	}

	private static Claims parse(JwtParser parser, String token) {
		try {
			return parser.parseSignedClaims(token).getPayload();
		}
		catch (ExpiredJwtException ex) {
			throw new CallerAuthenticationException(AuthenticationFailure.TOKEN_EXPIRED,
					"The bearer token has expired");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw invalid("The bearer token is not valid here");
		}
	}

	/**
	 * Reads {@code iss} before verification only to pick the key to verify with; nothing
	 * else of the unverified token is trusted.
	 */
	private @Nullable String unverifiedIssuer(String token) {
		String[] parts = token.split("\\.");
		if (parts.length != 3 || this.externalIssuers.isEmpty()) {
			return null;
		}
		try {
			JsonNode payload = this.json.readTree(Base64.getUrlDecoder().decode(parts[1]));
			JsonNode issuer = payload.get("iss");
			return (issuer != null && issuer.isString()) ? issuer.asString() : null;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static CallerAuthenticationException invalid(String message) {
		return new CallerAuthenticationException(AuthenticationFailure.TOKEN_INVALID, message);
	}

	/**
	 * A minted bearer token. {@code securityToken} is set for a temporary one;
	 * {@link #toString()} leaves both out.
	 */
	public record IssuedToken(String accessToken, long expiresIn, @Nullable String securityToken) {

		@Override
		public String toString() {
			return "IssuedToken[expiresIn=" + this.expiresIn + "]";
		}

	}

	private record ExternalIssuer(String issuer, String accountClaim, JwtParser parser) {

		static ExternalIssuer of(SecurityProperties.TrustedIssuer trusted, SecurityProperties.Jwt settings,
				Clock clock) {
			PublicKey key = publicKey(trusted);
			var algorithms = key.getAlgorithm().equals("EC") ? List.of(Jwts.SIG.ES256, Jwts.SIG.ES384, Jwts.SIG.ES512)
					: List.of(Jwts.SIG.RS256, Jwts.SIG.RS384, Jwts.SIG.RS512);
			JwtParser parser = Jwts.parser()
				.sig()
				.clear()
				.add(algorithms)
				.and()
				.verifyWith(key)
				.requireIssuer(trusted.issuer())
				.clock(() -> Date.from(clock.instant()))
				.clockSkewSeconds(settings.clockSkew().toSeconds())
				.build();
			return new ExternalIssuer(trusted.issuer(), trusted.accountClaim(), parser);
		}

		private static PublicKey publicKey(SecurityProperties.TrustedIssuer trusted) {
			String base64 = trusted.publicKey().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			byte[] der;
			try {
				der = Base64.getDecoder().decode(base64);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("reset.security.jwt.trusted-issuers[" + trusted.issuer()
						+ "].public-key must be base64 or PEM");
			}
			for (String algorithm : List.of("RSA", "EC")) {
				try {
					return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
				}
				catch (java.security.GeneralSecurityException ex) {
					// try the next algorithm
				}
			}
			throw new IllegalStateException("reset.security.jwt.trusted-issuers[" + trusted.issuer()
					+ "].public-key must be an RSA or EC public key (X.509 SubjectPublicKeyInfo)");
		}

	}

}
