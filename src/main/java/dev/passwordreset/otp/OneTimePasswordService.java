package dev.passwordreset.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.passwordreset.TimeOrderedIds;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and spends one-time codes. A code is stored only as an HMAC of its
 * correlation id and value under {@link OneTimePasswordKey}, and compared in constant
 * time. It is bound to a {@link CodeBinding}, lives {@code reset.oam.otp.ttl}, dies after
 * {@code reset.oam.otp.max-attempts} wrong guesses and is used once. Issuing a code for a
 * user and application replaces the previous one.
 */
@Service
public class OneTimePasswordService {

	/** Longer input cannot be a code; refusing it early keeps the HMAC's input small. */
	private static final int MAX_CODE_LENGTH = 64;

	private final OneTimeCodeStore store;

	private final OneTimePasswordGenerator generator;

	private final OneTimePasswordProperties properties;

	private final OneTimePasswordKey key;

	private final Clock clock;

	OneTimePasswordService(OneTimeCodeStore store, OneTimePasswordGenerator generator,
			OneTimePasswordProperties properties, OneTimePasswordKey key, Clock clock) {
		this.store = store;
		this.generator = generator;
		this.properties = properties;
		this.key = key;
		this.clock = clock;
	}

	/**
	 * Issues a code for the user and application, in the caller's transaction, and
	 * invalidates the user's earlier codes for that application.
	 */
	@Transactional
	public IssuedCode issue(String identityStoreId, CodeBinding binding) {
		Instant now = this.clock.instant();
		this.store.invalidate(binding.userId(), binding.appName(), now);
		String correlationId = this.generator.correlationId();
		String code = this.generator.code(this.properties.length());
		Instant expiresAt = now.plus(this.properties.ttl());
		this.store.insert(TimeOrderedIds.next(), correlationId, hmac(correlationId, code), binding.userId(),
				identityStoreId, binding.appName(), binding.sessionId(), now, expiresAt, this.properties.maxAttempts());
		return new IssuedCode(correlationId, code, expiresAt);
	}

	/**
	 * OAM's validateOTP: accepts the right code once and marks it verified, so that a
	 * reset may follow within its lifetime. A second validation of the same code is
	 * {@link CodeRejection#USED}. Call it outside a transaction, or in one that commits
	 * even when this throws, so that a wrong guess stays counted.
	 * @throws OneTimePasswordRejectedException if the code is not accepted
	 */
	@Transactional(noRollbackFor = OneTimePasswordRejectedException.class)
	public AcceptedCode validate(String correlationId, CodeBinding binding, String code) {
		OneTimeCodeStore.StoredCode stored = check(correlationId, binding, code);
		if (!this.store.markVerified(stored.id(), this.clock.instant())) {
			throw rejected(stored.verifiedAt() != null ? CodeRejection.USED : currentRejection(correlationId));
		}
		return new AcceptedCode(stored.id(), stored.userId(), stored.identityStoreId());
	}

	/**
	 * Checks a code for a reset without spending it: a right code is accepted whether or
	 * not validateOTP verified it before, as long as it was not used. The reset then
	 * spends it with {@link #consume} in its own transaction. Same rules on wrong guesses
	 * as {@link #validate}.
	 * @throws OneTimePasswordRejectedException if the code is not accepted
	 */
	@Transactional(noRollbackFor = OneTimePasswordRejectedException.class)
	public AcceptedCode accept(String correlationId, CodeBinding binding, String code) {
		OneTimeCodeStore.StoredCode stored = check(correlationId, binding, code);
		return new AcceptedCode(stored.id(), stored.userId(), stored.identityStoreId());
	}

	/**
	 * Spends an accepted code in the caller's transaction. One conditional update: of
	 * concurrent resets with one code, on any instance, exactly one gets past this.
	 * @throws OneTimePasswordRejectedException if the code was spent, replaced, expired
	 * or killed meanwhile
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void consume(AcceptedCode code) {
		if (!this.store.consume(code.id(), this.clock.instant())) {
			throw rejected(CodeRejection.USED);
		}
	}

	/**
	 * Claims an accepted code until {@code until}, in the caller's transaction, for a
	 * reset that writes the password to a directory before it may spend the code: one
	 * conditional update, so of concurrent resets with one code exactly one claims it.
	 * {@link #consumeClaimed} spends it once the directory took the password,
	 * {@link #release} gives it back when it did not.
	 * @throws OneTimePasswordRejectedException if the code was spent, replaced, expired,
	 * killed or claimed by another reset meanwhile
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void claim(AcceptedCode code, UUID claim, Instant until) {
		if (!this.store.claim(code.id(), claim, this.clock.instant(), until)) {
			throw rejected(CodeRejection.USED);
		}
	}

	/**
	 * Spends a code that {@code claim} holds, in the caller's transaction.
	 * @return false when the claim had lapsed and another reset took the code
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean consumeClaimed(AcceptedCode code, UUID claim) {
		return this.store.consumeClaimed(code.id(), claim, this.clock.instant());
	}

	/** Gives back a claim: the code is usable again. */
	@Transactional
	public void release(AcceptedCode code, UUID claim) {
		this.store.release(code.id(), claim);
	}

	/**
	 * Ends every live code of the user, in the caller's transaction: its password
	 * changed.
	 */
	@Transactional
	public void invalidateAll(UUID userId) {
		this.store.invalidateAll(userId, this.clock.instant());
	}

	private OneTimeCodeStore.StoredCode check(String correlationId, CodeBinding binding, String code) {
		if (correlationId.length() > MAX_CODE_LENGTH || code.length() > MAX_CODE_LENGTH) {
			throw rejected(CodeRejection.INVALID);
		}
		OneTimeCodeStore.StoredCode stored = this.store.findByCorrelationId(correlationId)
			.filter((found) -> found.isBoundTo(binding))
			.orElseThrow(() -> rejected(CodeRejection.INVALID));
		boolean matches = MessageDigest.isEqual(hmac(correlationId, code).getBytes(StandardCharsets.US_ASCII),
				stored.codeHmac().getBytes(StandardCharsets.US_ASCII));
		if (!matches) {
			// Every wrong guess counts, also on a code that is dead already, so the count
			// is exact.
			this.store.countWrongGuess(stored.id());
			CodeRejection reason = stored.rejectionAt(this.clock.instant()).orElse(CodeRejection.INVALID);
			throw rejected((reason == CodeRejection.USED) ? CodeRejection.INVALID : reason);
		}
		stored.rejectionAt(this.clock.instant()).ifPresent((reason) -> {
			throw rejected(reason);
		});
		return stored;
	}

	private CodeRejection currentRejection(String correlationId) {
		return this.store.findByCorrelationId(correlationId)
			.flatMap((stored) -> stored.rejectionAt(this.clock.instant()))
			.orElse(CodeRejection.USED);
	}

	private String hmac(String correlationId, String code) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.bytes(), "HmacSHA256"));
			return HexFormat.of()
				.formatHex(mac.doFinal((correlationId + "\n" + code).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static OneTimePasswordRejectedException rejected(@Nullable CodeRejection reason) {
		return new OneTimePasswordRejectedException((reason != null) ? reason : CodeRejection.INVALID);
	}

}
