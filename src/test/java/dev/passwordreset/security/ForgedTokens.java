package dev.passwordreset.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import org.springframework.context.ApplicationContext;

/**
 * Tokens an attacker, or time, would produce: expired ones made with the service's real
 * keys, and ones signed with another key or with none.
 */
public final class ForgedTokens {

	private ForgedTokens() {
	}

	/** A bearer token that the service itself minted, an hour past its expiry. */
	public static String expiredBearer(ApplicationContext context, String accountId, String accessKeyId) {
		MasterKey masterKey = context.getBean(MasterKey.class);
		Instant past = Instant.now().minus(Duration.ofHours(2));
		String token = Jwts.builder()
			.issuer(issuer(context))
			.subject(accountId)
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(past))
			.notBefore(Date.from(past))
			.expiration(Date.from(past.plus(Duration.ofHours(1))))
			.claim("akid", accessKeyId)
			.signWith(Keys.hmacShaKeyFor(masterKey.derive("bearer-token-signing")), Jwts.SIG.HS256)
			.compact();
		return remembered(token);
	}

	/**
	 * A well-formed, unexpired bearer token signed with a key that is not the service's.
	 */
	public static String bearerSignedWithAnotherKey(ApplicationContext context, String accountId, String accessKeyId) {
		return remembered(
				validClaims(context, accountId, accessKeyId).signWith(Jwts.SIG.HS256.key().build(), Jwts.SIG.HS256)
					.compact());
	}

	/** The same claims, unsigned: {@code "alg": "none"}. */
	public static String unsignedBearer(ApplicationContext context, String accountId, String accessKeyId) {
		return remembered(validClaims(context, accountId, accessKeyId).compact());
	}

	/**
	 * A security token sealed with the service's real key for the given temporary key,
	 * already expired.
	 */
	public static String expiredSecurityToken(ApplicationContext context, String accountId, String temporaryKeyId,
			String temporarySecret, String parentKeyId) {
		MasterKey masterKey = context.getBean(MasterKey.class);
		Instant past = Instant.now().minus(Duration.ofHours(2));
		return remembered(Jwts.builder()
			.issuer(issuer(context))
			.subject(accountId)
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(past))
			.expiration(Date.from(past.plus(Duration.ofMinutes(15))))
			.claim("tak", temporaryKeyId)
			.claim("tsk", temporarySecret)
			.claim("pak", parentKeyId)
			.encryptWith(new SecretKeySpec(masterKey.derive("security-token-encryption"), "AES"), Jwts.ENC.A256GCM)
			.compact());
	}

	private static io.jsonwebtoken.JwtBuilder validClaims(ApplicationContext context, String accountId,
			String accessKeyId) {
		Instant now = Instant.now();
		return Jwts.builder()
			.issuer(issuer(context))
			.subject(accountId)
			.id(UUID.randomUUID().toString())
			.issuedAt(Date.from(now))
			.notBefore(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofHours(1))))
			.claim("akid", accessKeyId);
	}

	private static String remembered(String token) {
		dev.passwordreset.TestSecrets.remember(token);
		return token;
	}

	private static String issuer(ApplicationContext context) {
		return context.getBean(SecurityProperties.class).jwt().issuer();
	}

}
