package dev.passwordreset.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.passwordreset.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One-time codes without a Spring context: the service over its real store and the real
 * {@code one_time_code} migration, on an in-memory H2 database, with a clock the test
 * moves. The concurrency of the conditional updates is proved over HTTP on both databases
 * (OneTimePasswordConcurrencyTests); this class proves the rules.
 */
class OneTimePasswordServiceTests {

	private static final EmbeddedDatabase DATABASE = oneTimeCodeTable();

	private static final JdbcTemplate JDBC = new JdbcTemplate(DATABASE);

	private static final String STORE = "d-1234567890";

	private static final int MAX_ATTEMPTS = 3;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	private final OneTimePasswordService codes = new OneTimePasswordService(new OneTimeCodeStore(JDBC),
			new OneTimePasswordGenerator(),
			new OneTimePasswordProperties(8, Duration.ofMinutes(10), MAX_ATTEMPTS,
					new OneTimePasswordProperties.IssueLimit(5, Duration.ofMinutes(15))),
			new OneTimePasswordKey(new byte[32]), this.clock);

	private final CodeBinding binding = new CodeBinding(newUser(), "payroll", null);

	@AfterAll
	static void dropTheDatabase() {
		DATABASE.shutdown();
	}

	@Test
	void anIssuedCodeIsDigitsOfTheConfiguredLengthStoredOnlyAsAKeyedHash() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		assertThat(issued.code()).matches("[0-9]{8}");
		assertThat(issued.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));
		Map<String, Object> row = JDBC.queryForMap("select * from one_time_code where correlation_id = ?",
				issued.correlationId());
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(issued.code()));
		assertThat(String.valueOf(row.get("CODE_HMAC"))).matches("[0-9a-f]{64}");
		assertThat(issued.toString()).doesNotContain(issued.code());
	}

	@Test
	void theRightCodeIsValidatedOnceAndThenReportedUsed() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		AcceptedCode accepted = this.codes.validate(issued.correlationId(), this.binding, issued.code());
		assertThat(accepted.userId()).isEqualTo(this.binding.userId());
		assertThat(accepted.identityStoreId()).isEqualTo(STORE);
		assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.USED);
	}

	@Test
	void aResetMayAcceptAValidatedCodeAndSpendsItExactlyOnce() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		this.codes.validate(issued.correlationId(), this.binding, issued.code());
		AcceptedCode accepted = this.codes.accept(issued.correlationId(), this.binding, issued.code());
		assertThat(this.codes.accept(issued.correlationId(), this.binding, issued.code()))
			.as("accepting does not spend")
			.isEqualTo(accepted);
		this.codes.consume(accepted);
		assertRejected(() -> this.codes.consume(accepted), CodeRejection.USED);
		assertRejected(() -> this.codes.accept(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.USED);
	}

	@Test
	void aClaimedCodeCanBeNeitherSpentNorClaimedByAnotherResetUntilItsClaimIsGivenBack() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		AcceptedCode accepted = this.codes.accept(issued.correlationId(), this.binding, issued.code());
		UUID first = UUID.randomUUID();
		this.codes.claim(accepted, first, this.clock.instant().plus(Duration.ofMinutes(2)));

		assertRejected(
				() -> this.codes.claim(accepted, UUID.randomUUID(), this.clock.instant().plus(Duration.ofMinutes(2))),
				CodeRejection.USED);
		assertRejected(() -> this.codes.consume(accepted), CodeRejection.USED);
		this.codes.release(accepted, UUID.randomUUID());
		assertRejected(() -> this.codes.consume(accepted), CodeRejection.USED);

		this.codes.release(accepted, first);
		assertThat(this.codes.consumeClaimed(accepted, first)).as("a released claim spends nothing").isFalse();
		this.codes.consume(accepted);
		assertRejected(() -> this.codes.accept(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.USED);
	}

	@Test
	void aCodeSpentUnderItsClaimIsUsedEvenWhenItExpiredMeanwhile() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		AcceptedCode accepted = this.codes.accept(issued.correlationId(), this.binding, issued.code());
		UUID claim = UUID.randomUUID();
		this.codes.claim(accepted, claim, this.clock.instant().plus(Duration.ofMinutes(30)));
		this.clock.advance(Duration.ofMinutes(11));

		assertThat(this.codes.consumeClaimed(accepted, claim)).isTrue();
		assertThat(this.codes.consumeClaimed(accepted, claim)).isFalse();
		assertRejected(() -> this.codes.claim(accepted, UUID.randomUUID(), this.clock.instant().plusSeconds(60)),
				CodeRejection.USED);
	}

	@Test
	void aClaimLeftByAStoppedInstanceLapsesSoTheCodeIsNotLostAndTheOldClaimSpendsNothing() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		AcceptedCode accepted = this.codes.accept(issued.correlationId(), this.binding, issued.code());
		UUID crashed = UUID.randomUUID();
		this.codes.claim(accepted, crashed, this.clock.instant().plus(Duration.ofMinutes(2)));
		this.clock.advance(Duration.ofMinutes(2));

		UUID later = UUID.randomUUID();
		this.codes.claim(accepted, later, this.clock.instant().plus(Duration.ofMinutes(2)));
		assertThat(this.codes.consumeClaimed(accepted, crashed)).isFalse();
		assertThat(this.codes.consumeClaimed(accepted, later)).isTrue();
	}

	@Test
	void aWrongCodeIsInvalidAndTheConfiguredNumberOfThemKillsTheCodeEvenForTheRightOne() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		for (int guess = 1; guess <= MAX_ATTEMPTS; guess++) {
			assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, wrong(issued)),
					CodeRejection.INVALID);
		}
		assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.ATTEMPTS_EXCEEDED);
		assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, wrong(issued)),
				CodeRejection.ATTEMPTS_EXCEEDED);
		assertThat(attempts(issued)).as("every wrong guess counts, also on a dead code").isEqualTo(MAX_ATTEMPTS + 1);
	}

	@Test
	void aCodeAcceptedWithFewerWrongGuessesThanTheLimitStillWorks() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		for (int guess = 1; guess < MAX_ATTEMPTS; guess++) {
			assertRejected(() -> this.codes.accept(issued.correlationId(), this.binding, wrong(issued)),
					CodeRejection.INVALID);
		}
		assertThat(this.codes.accept(issued.correlationId(), this.binding, issued.code()).userId())
			.isEqualTo(this.binding.userId());
	}

	@Test
	void aCodeExpiresAtTheEndOfItsLifetime() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		AcceptedCode accepted = this.codes.accept(issued.correlationId(), this.binding, issued.code());
		this.clock.advance(Duration.ofSeconds(1));
		assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.EXPIRED);
		assertRejected(() -> this.codes.consume(accepted), CodeRejection.USED);
	}

	@Test
	void aWrongGuessOnASpentCodeSaysInvalidNotUsedAndIsStillCounted() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		this.codes.consume(this.codes.accept(issued.correlationId(), this.binding, issued.code()));
		assertRejected(() -> this.codes.validate(issued.correlationId(), this.binding, wrong(issued)),
				CodeRejection.INVALID);
		assertThat(attempts(issued)).isEqualTo(1);
	}

	@Test
	void aCodeWorksOnlyForItsUserAndApplicationAndForItsSessionWhenItHasOne() {
		IssuedCode open = this.codes.issue(STORE, this.binding);
		CodeBinding otherUser = new CodeBinding(newUser(), "payroll", null);
		CodeBinding otherApplication = new CodeBinding(this.binding.userId(), "mail", null);
		assertRejected(() -> this.codes.accept(open.correlationId(), otherUser, open.code()), CodeRejection.INVALID);
		assertRejected(() -> this.codes.accept(open.correlationId(), otherApplication, open.code()),
				CodeRejection.INVALID);
		assertThat(this.codes.accept(open.correlationId(),
				new CodeBinding(this.binding.userId(), "payroll", "any-session"), open.code()))
			.as("a code issued without a session works in any")
			.isNotNull();

		CodeBinding session = new CodeBinding(newUser(), "payroll", "session-1");
		IssuedCode bound = this.codes.issue(STORE, session);
		assertRejected(
				() -> this.codes.accept(bound.correlationId(),
						new CodeBinding(session.userId(), "payroll", "session-2"), bound.code()),
				CodeRejection.INVALID);
		assertRejected(() -> this.codes.accept(bound.correlationId(),
				new CodeBinding(session.userId(), "payroll", null), bound.code()), CodeRejection.INVALID);
		assertThat(this.codes.accept(bound.correlationId(), session, bound.code())).isNotNull();
	}

	@Test
	void aNewCodeReplacesTheUsersCodeForThatApplicationOnly() {
		IssuedCode first = this.codes.issue(STORE, this.binding);
		CodeBinding mail = new CodeBinding(this.binding.userId(), "mail", null);
		IssuedCode forMail = this.codes.issue(STORE, mail);
		IssuedCode second = this.codes.issue(STORE, this.binding);
		assertRejected(() -> this.codes.accept(first.correlationId(), this.binding, first.code()),
				CodeRejection.INVALID);
		assertThat(this.codes.accept(second.correlationId(), this.binding, second.code())).isNotNull();
		assertThat(this.codes.accept(forMail.correlationId(), mail, forMail.code())).isNotNull();
	}

	@Test
	void aPasswordChangeEndsEveryCodeOfTheUser() {
		IssuedCode payroll = this.codes.issue(STORE, this.binding);
		CodeBinding mail = new CodeBinding(this.binding.userId(), "mail", null);
		IssuedCode forMail = this.codes.issue(STORE, mail);
		this.codes.invalidateAll(this.binding.userId());
		assertRejected(() -> this.codes.accept(payroll.correlationId(), this.binding, payroll.code()),
				CodeRejection.INVALID);
		assertRejected(() -> this.codes.accept(forMail.correlationId(), mail, forMail.code()), CodeRejection.INVALID);
	}

	@Test
	void anUnknownCorrelationIdOrOverlongInputIsInvalidAndCountsNoGuess() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		assertRejected(() -> this.codes.accept("0".repeat(32), this.binding, issued.code()), CodeRejection.INVALID);
		assertRejected(() -> this.codes.accept(issued.correlationId(), this.binding, "1".repeat(65)),
				CodeRejection.INVALID);
		assertRejected(() -> this.codes.accept("a".repeat(65), this.binding, issued.code()), CodeRejection.INVALID);
		assertThat(attempts(issued)).isZero();
	}

	@Test
	void aCodeStoredUnderAnotherKeyDoesNotMatch() {
		IssuedCode issued = this.codes.issue(STORE, this.binding);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		OneTimePasswordService elsewhere = new OneTimePasswordService(new OneTimeCodeStore(JDBC),
				new OneTimePasswordGenerator(),
				new OneTimePasswordProperties(8, Duration.ofMinutes(10), MAX_ATTEMPTS,
						new OneTimePasswordProperties.IssueLimit(5, Duration.ofMinutes(15))),
				new OneTimePasswordKey(otherKey), this.clock);
		assertRejected(() -> elsewhere.accept(issued.correlationId(), this.binding, issued.code()),
				CodeRejection.INVALID);
	}

	private static void assertRejected(Runnable attempt, CodeRejection reason) {
		assertThatExceptionOfType(OneTimePasswordRejectedException.class).isThrownBy(attempt::run)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	/** Another code of the same shape: the last digit changed. */
	private static String wrong(IssuedCode issued) {
		String code = issued.code();
		char last = code.charAt(code.length() - 1);
		return code.substring(0, code.length() - 1) + (char) ((last == '9') ? '0' : last + 1);
	}

	private static int attempts(IssuedCode issued) {
		Integer attempts = JDBC.queryForObject("select attempts from one_time_code where correlation_id = ?",
				Integer.class, issued.correlationId());
		return (attempts != null) ? attempts : -1;
	}

	private static UUID newUser() {
		UUID id = UUID.randomUUID();
		JDBC.update("insert into store_user (id) values (?)", id);
		return id;
	}

	/**
	 * The real migrations of the table, after stand-ins for the tables they refer to: the
	 * user a code belongs to must exist, and V16 adds the claim to reset links too.
	 */
	private static EmbeddedDatabase oneTimeCodeTable() {
		EmbeddedDatabase database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.build();
		new JdbcTemplate(database).execute("create table store_user (id uuid not null primary key)");
		new JdbcTemplate(database).execute("create table reset_token (id uuid not null primary key)");
		new ResourceDatabasePopulator(new ClassPathResource("db/migration/V8__one_time_codes.sql"),
				new ClassPathResource("db/migration/V16__pending_claims.sql"))
			.execute(database);
		return database;
	}

}
