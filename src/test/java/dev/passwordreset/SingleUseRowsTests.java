package dev.passwordreset;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.SingleUseRows.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single use and the claim of both tables' rows without a Spring context, over the
 * real migrations on an in-memory H2 database. The stores use nothing else for these
 * updates, so their tests (OneTimePasswordServiceTests, and over HTTP on both databases
 * the LDAP journeys, which claim codes and links) prove them again in use.
 */
class SingleUseRowsTests {

	private static final EmbeddedDatabase DATABASE = singleUseTables();

	private static final JdbcTemplate JDBC = new JdbcTemplate(DATABASE);

	private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));

	@AfterAll
	static void dropTheDatabase() {
		DATABASE.shutdown();
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void aLiveRowIsSpentExactlyOnce(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		UUID id = insert(table);
		assertThat(rows.consume(id, NOW)).isTrue();
		assertThat(rows.consume(id, NOW)).isFalse();
		assertThat(rows.claim(id, UUID.randomUUID(), NOW, NOW.plusSeconds(60))).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void anExpiredOrInvalidatedRowIsNeitherSpentNorClaimed(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		UUID expired = insert(table);
		assertThat(rows.consume(expired, EXPIRES)).isFalse();
		assertThat(rows.claim(expired, UUID.randomUUID(), EXPIRES, EXPIRES.plusSeconds(60))).isFalse();
		UUID invalidated = insert(table);
		JDBC.update("update " + tableName(table) + " set invalidated_at = ? where id = ?", NOW.atOffset(ZoneOffset.UTC),
				invalidated);
		assertThat(rows.consume(invalidated, NOW)).isFalse();
		assertThat(rows.claim(invalidated, UUID.randomUUID(), NOW, NOW.plusSeconds(60))).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void aClaimedRowCanBeNeitherSpentNorClaimedByAnotherUntilItsClaimIsGivenBack(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		UUID id = insert(table);
		UUID first = UUID.randomUUID();
		assertThat(rows.claim(id, first, NOW, NOW.plusSeconds(120))).isTrue();
		assertThat(rows.consume(id, NOW)).isFalse();
		assertThat(rows.claim(id, UUID.randomUUID(), NOW, NOW.plusSeconds(120))).isFalse();

		rows.release(id, UUID.randomUUID());
		assertThat(rows.consume(id, NOW)).as("another's release gives nothing back").isFalse();
		rows.release(id, first);
		assertThat(rows.consumeClaimed(id, first, NOW)).as("a released claim spends nothing").isFalse();
		assertThat(rows.consume(id, NOW)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void aRowSpentUnderItsClaimIsSpentEvenWhenItExpiredOrWasInvalidatedMeanwhile(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		UUID id = insert(table);
		UUID claim = UUID.randomUUID();
		assertThat(rows.claim(id, claim, NOW, EXPIRES.plusSeconds(60))).isTrue();
		JDBC.update("update " + tableName(table) + " set invalidated_at = ? where id = ?", NOW.atOffset(ZoneOffset.UTC),
				id);
		assertThat(rows.consumeClaimed(id, claim, EXPIRES.plusSeconds(1))).isTrue();
		assertThat(rows.consumeClaimed(id, claim, EXPIRES.plusSeconds(1))).isFalse();
		assertThat(JDBC.queryForObject("select count(*) from " + tableName(table)
				+ " where id = ? and claim_id is null and consumed_at is not null", Integer.class, id))
			.isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void aClaimLeftByAStoppedInstanceLapsesSoTheRowIsNotLostAndTheOldClaimSpendsNothing(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		UUID id = insert(table);
		UUID crashed = UUID.randomUUID();
		assertThat(rows.claim(id, crashed, NOW, NOW.plusSeconds(120))).isTrue();
		Instant later = NOW.plusSeconds(120);
		UUID next = UUID.randomUUID();
		assertThat(rows.claim(id, next, later, later.plusSeconds(120))).isTrue();
		assertThat(rows.consumeClaimed(id, crashed, later)).isFalse();
		assertThat(rows.consumeClaimed(id, next, later)).isTrue();
	}

	@Test
	void aCodeOutOfAttemptsIsNoLongerLiveButALinkHasNoAttempts() {
		SingleUseRows codes = new SingleUseRows(JDBC, Table.ONE_TIME_CODE);
		UUID code = insert(Table.ONE_TIME_CODE);
		JDBC.update("update one_time_code set attempts = max_attempts where id = ?", code);
		assertThat(codes.consume(code, NOW)).isFalse();
		assertThat(codes.claim(code, UUID.randomUUID(), NOW, NOW.plusSeconds(60))).isFalse();
	}

	@ParameterizedTest
	@EnumSource(Table.class)
	void onlyRowsThatExpiredBeforeTheCutoffAndThatNoClaimHoldsAreDeletedAtMostTheLimitAtATime(Table table) {
		SingleUseRows rows = new SingleUseRows(JDBC, table);
		// A year before the other tests' rows, which must stay out of the counts.
		Instant then = NOW.minus(Duration.ofDays(365));
		Instant expiry = then.plus(Duration.ofMinutes(10));
		Instant cutoff = expiry.plusSeconds(1);
		// Long expired: spent, replaced, never used.
		UUID spent = insert(table, then, expiry);
		assertThat(rows.consume(spent, then)).isTrue();
		UUID invalidated = insert(table, then, expiry);
		JDBC.update("update " + tableName(table) + " set invalidated_at = ? where id = ?",
				then.atOffset(ZoneOffset.UTC), invalidated);
		UUID unused = insert(table, then, expiry);
		// Expired as long, but claimed by a reset whose directory write is still running.
		UUID claimed = insert(table, then, expiry);
		UUID claim = UUID.randomUUID();
		assertThat(rows.claim(claimed, claim, then, cutoff.plus(Duration.ofMinutes(2)))).isTrue();
		// Expired only at the cutoff, or still live there.
		UUID recent = insert(table, then.plusSeconds(1), cutoff);
		UUID live = insert(table, cutoff, cutoff.plus(Duration.ofMinutes(10)));

		assertThat(rows.deleteExpiredBefore(cutoff, 2)).isEqualTo(2);
		assertThat(rows.deleteExpiredBefore(cutoff, 2)).isEqualTo(1);
		assertThat(rows.deleteExpiredBefore(cutoff, 2)).isZero();

		assertThat(existing(table, spent, invalidated, unused, claimed, recent, live))
			.containsExactlyInAnyOrder(claimed, recent, live);
		assertThat(rows.consumeClaimed(claimed, claim, cutoff)).as("the running claim still spends its row").isTrue();
		assertThat(rows.consume(live, cutoff)).isTrue();
	}

	private static List<UUID> existing(Table table, UUID... ids) {
		return JDBC.queryForList("select id from " + tableName(table) + " where id = any(?)", UUID.class, (Object) ids);
	}

	private static UUID insert(Table table) {
		return insert(table, NOW, EXPIRES);
	}

	private static UUID insert(Table table, Instant createdAt, Instant expiresAt) {
		UUID id = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		JDBC.update("insert into store_user (id) values (?)", user);
		if (table == Table.ONE_TIME_CODE) {
			JDBC.update("""
					insert into one_time_code (id, correlation_id, code_hmac, user_id, identity_store_id, app_name,
					  created_at, expires_at, attempts, max_attempts)
					values (?, ?, ?, ?, 'd-1234567890', 'payroll', ?, ?, 0, 3)""", id, id.toString(), "0".repeat(64),
					user, createdAt.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC));
		}
		else {
			JDBC.update(
					"""
							insert into reset_token (id, token_hash, user_id, identity_store_id, purpose, created_at, expires_at)
							values (?, ?, ?, 'd-1234567890', 'PASSWORD_RESET', ?, ?)""",
					id, id.toString(), user, createdAt.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC));
		}
		return id;
	}

	private static String tableName(Table table) {
		return (table == Table.ONE_TIME_CODE) ? "one_time_code" : "reset_token";
	}

	/**
	 * The real migrations of both tables, after a stand-in for the users they refer to.
	 */
	private static EmbeddedDatabase singleUseTables() {
		EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.build();
		new JdbcTemplate(database).execute("create table store_user (id uuid not null primary key)");
		new ResourceDatabasePopulator(new ClassPathResource("db/migration/V6__reset_tokens.sql"),
				new ClassPathResource("db/migration/V8__one_time_codes.sql"),
				new ClassPathResource("db/migration/V16__pending_claims.sql"))
			.execute(database);
		return database;
	}

}
