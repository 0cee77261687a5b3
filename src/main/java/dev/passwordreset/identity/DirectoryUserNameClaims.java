package dev.passwordreset.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims on user names while a writable LDAP store's CreateUser adds the entry (migration
 * V17). A directory has no unique index on the user-name attribute, and two creations can
 * add one name under two names of entry (another parent DN, an RDN attribute compared
 * otherwise); the store would then find nobody by that name. So a creation first claims
 * the name in this service's database, in a short transaction of its own: of concurrent
 * ones exactly one gets it, the others are refused as a taken name, as an internal
 * store's unique index refuses them. The claim is given back once the directory has
 * answered; one left by an instance that stopped meanwhile lapses at its
 * {@code claimed_until}.
 */
@Component
class DirectoryUserNameClaims {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryUserNameClaims.class);

	/** Beyond the directory's own timeouts, for the database steps around them. */
	private static final Duration MARGIN = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final TransactionTemplate own;

	DirectoryUserNameClaims(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.own = new TransactionTemplate(transactionManager);
	}

	/**
	 * Claims the name in the store for as long as the directory may take, plus a margin.
	 * @return the claim's id, to give it back with
	 * @throws IdentityException {@code DUPLICATE_USER_NAME} while another creation holds
	 * the name
	 */
	UUID claim(String identityStoreId, String userName, Duration longest) {
		String key = Identifiers.userNameKey(userName);
		if (key.length() > User.MAX_USER_NAME) {
			// Lower-casing can lengthen a name (İ is i and a combining dot).
			throw IdentityException.invalid("user_name",
					"must be at most " + User.MAX_USER_NAME + " characters once lower-cased");
		}
		UUID claim = UUID.randomUUID();
		Instant now = this.clock.instant();
		OffsetDateTime until = at(now.plus(longest).plus(MARGIN));
		try {
			this.own.executeWithoutResult((status) -> this.jdbc.update(
					"insert into directory_user_name_claim (identity_store_id, user_name_key, claim_id, claimed_until) "
							+ "values (?, ?, ?, ?)",
					identityStoreId, key, claim, until));
			return claim;
		}
		catch (DataIntegrityViolationException ex) {
			// Claimed already: taken over only when that claim has lapsed. A separate
			// transaction, since PostgreSQL ends one at a failed insert.
		}
		Integer taken = this.own.execute((status) -> this.jdbc.update(
				"update directory_user_name_claim set claim_id = ?, claimed_until = ? "
						+ "where identity_store_id = ? and user_name_key = ? and claimed_until <= ?",
				claim, until, identityStoreId, key, at(now)));
		if (taken == null || taken != 1) {
			throw IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name", IdentityException.Clash.SAME);
		}
		return claim;
	}

	/**
	 * Gives the claim back, unless it lapsed and another took it meanwhile. Never throws:
	 * it runs after the directory answered, whose answer must reach the caller, and a
	 * claim that could not be given back lapses at its time.
	 */
	void release(String identityStoreId, String userName, UUID claim) {
		try {
			this.own.executeWithoutResult((status) -> this.jdbc
				.update("delete from directory_user_name_claim where identity_store_id = ? and user_name_key = ? "
						+ "and claim_id = ?", identityStoreId, Identifiers.userNameKey(userName), claim));
		}
		catch (RuntimeException ex) {
			// Not the exception's message, which can quote the values.
			logger.warn("Could not give back a claim on a user name of identity store {}; it lapses at its time: {}",
					identityStoreId, ex.getClass().getName());
		}
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
