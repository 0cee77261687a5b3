package dev.passwordreset.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Temporary credentials in Huawei IAM's shape: a temporary access key, its secret, and a
 * security token that the caller sends as {@code X-Security-Token}. The token is a JWE
 * (A256GCM, direct key) that seals the key, the secret, the account, the permanent key it
 * came from and the expiry, so nothing is stored: the temporary key is worthless without
 * its token, the token cannot be read or altered by its holder, and deleting the
 * permanent key ends them all.
 */
@Service
public class TemporaryCredentialService {

	/** Temporary key ids start with this; permanent keys may not. */
	public static final String KEY_PREFIX = "ST";

	public static final Duration MIN_LIFETIME = Duration.ofMinutes(15);

	public static final Duration MAX_LIFETIME = Duration.ofHours(24);

	public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

	private final SecretKey sealingKey;

	private final String issuer;

	private final AccessKeyService accessKeys;

	private final Clock clock;

	TemporaryCredentialService(MasterKey masterKey, SecurityProperties properties, AccessKeyService accessKeys,
			Clock clock) {
		this.sealingKey = new SecretKeySpec(masterKey.derive("security-token-encryption"), "AES");
		this.issuer = properties.jwt().issuer();
		this.accessKeys = accessKeys;
		this.clock = clock;
	}

	/**
	 * Issues temporary credentials for the caller's own account.
	 * @param lifetime how long they should last; a caller with a token gets no more than
	 * the token has left
	 * @throws MintingRefusedException when the caller's credential may not mint them
	 */
	public TemporaryCredential issue(Caller caller, Duration lifetime) {
		MintingRule.require(caller, MintTarget.TEMPORARY_CREDENTIALS, caller.accountId());
		if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException("duration_seconds must be between " + MIN_LIFETIME.toSeconds() + " and "
					+ MAX_LIFETIME.toSeconds());
		}
		String accessKeyId = KEY_PREFIX + RandomSecrets.of(RandomSecrets.UPPER_ALPHANUMERIC, 18);
		String secret = RandomSecrets.of(RandomSecrets.ALPHANUMERIC, 40);
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(lifetime);
		// Minted from a token, they end when the token ends, as Huawei IAM's do.
		if (caller.expiresAt() != null && caller.expiresAt().isBefore(expiresAt)) {
			expiresAt = caller.expiresAt();
		}
		String securityToken = Jwts.builder()
			.issuer(this.issuer)
			.subject(caller.accountId())
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiresAt))
			.claim("tak", accessKeyId)
			.claim("tsk", secret)
			.claim("pak", caller.accessKeyId())
			.encryptWith(this.sealingKey, Jwts.ENC.A256GCM)
			.compact();
		return new TemporaryCredential(accessKeyId, secret, securityToken, expiresAt);
	}

	static boolean isTemporaryKeyId(String accessKeyId) {
		return accessKeyId.startsWith(KEY_PREFIX);
	}

	/**
	 * The secret that a request signed with a temporary key must have been signed with.
	 */
	AccessKeyService.SigningKey signingKey(String accessKeyId, @Nullable String securityToken) {
		if (securityToken == null || securityToken.isBlank()) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_MISSING,
					"A temporary access key needs its X-Security-Token");
		}
		Claims claims;
		try {
			claims = Jwts.parser()
				.decryptWith(this.sealingKey)
				.requireIssuer(this.issuer)
				.clock(() -> Date.from(this.clock.instant()))
				.build()
				.parseEncryptedClaims(securityToken.strip())
				.getPayload();
		}
		catch (ExpiredJwtException ex) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_EXPIRED,
					"The security token has expired");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_INVALID,
					"The security token was not issued here or was altered");
		}
		if (!accessKeyId.equals(claims.get("tak", String.class))) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_MISMATCH,
					"The security token belongs to another access key");
		}
		String parentKey = claims.get("pak", String.class);
		if (parentKey == null || !this.accessKeys.isActive(parentKey)) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_INVALID,
					"The permanent key behind the temporary credentials was deleted");
		}
		return new AccessKeyService.SigningKey(claims.getSubject(), claims.get("tsk", String.class));
	}

	/**
	 * Issued temporary credentials; {@link #toString()} leaves the secrets out.
	 */
	public record TemporaryCredential(String accessKeyId, String secretAccessKey, String securityToken,
			Instant expiresAt) {

		@Override
		public String toString() {
			return "TemporaryCredential[accessKeyId=" + this.accessKeyId + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
