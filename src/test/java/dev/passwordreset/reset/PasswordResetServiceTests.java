package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditEvent;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.identity.UserInfo;
import dev.passwordreset.identity.UserService;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.password.PasswordRule;
import dev.passwordreset.password.PasswordViolation;
import dev.passwordreset.ratelimit.RateLimit;
import dev.passwordreset.ratelimit.RateLimiter;
import dev.passwordreset.reset.ResetTokenStore.ResetToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * Administrator resets and reset links without a Spring context: the service with the
 * real set-password step ({@link PasswordChange}) and the real chosen-password check,
 * over mocked stores, a transaction manager without a database and a fixed clock.
 */
class PasswordResetServiceTests {

	private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	private static final String STORE = "d-1234567890";

	private static final UUID USER = UUID.fromString("0b9f3c1e-6a52-4c7e-8d1f-2a3b4c5d6e7f");

	private static final AuditActor ADMIN = new AuditActor("0a1b2c3d4e", "AK1", "192.0.2.7", "req-1");

	private static final Pattern LINK = Pattern
		.compile("https://reset\\.example\\.com/reset-password\\?token=([A-Za-z0-9_-]{43})");

	private final ResetCollaborators mocks = new ResetCollaborators();

	private final UserService users = mock(UserService.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PasswordResetService resets;

	PasswordResetServiceTests() {
		given(this.mocks.policies.generateTemporaryPassword(STORE)).willReturn("Temporary-Password-9");
		this.resets = service(false);
	}

	@Test
	void aOneTimePasswordIsSetAsHashMustBeChangedExpiresAndIsAnnouncedWithoutItself() {
		user(true, "alice@example.com");
		IssuedPassword issued = this.resets.resetWithOneTimePassword(STORE, USER, ADMIN);
		assertThat(issued.password()).isEqualTo("Temporary-Password-9");
		assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
		then(this.mocks.credentials).should()
			.setPassword(STORE, USER, "hash of Temporary-Password-9", true, NOW.plus(Duration.ofHours(24)),
					"0a1b2c3d4e");
		then(this.mocks.tokens).should().invalidateAll(USER, NOW);
		then(this.mocks.codes).should().invalidateAll(USER);
		OutgoingMail notice = this.mocks.onlyMail();
		assertThat(notice.to()).isEqualTo("alice@example.com");
		assertThat(notice.textBody()).doesNotContain("Temporary-Password-9");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("mode OTP: a one-time password was issued");
		assertThat(this.mocks.transactions.outcomes()).containsExactly("commit");
	}

	@Test
	void aUserCreatedWithAPasswordIsCreatedInTheChangesTransactionAndItsRefusalRecordedAfterTheRollback() {
		UserAttributes attributes = UserAttributes.builder("carol").build();
		IdentityException duplicate = IdentityException.duplicate(IdentityError.DUPLICATE_USER_NAME, "name",
				IdentityException.Clash.SAME);
		given(this.users.createInTransaction(STORE, attributes, ADMIN)).willAnswer((call) -> {
			assertThat(this.mocks.transactions.outcomes()).as("inside the change's transaction").isEmpty();
			throw duplicate;
		});
		willAnswer((call) -> {
			assertThat(this.mocks.transactions.outcomes()).as("after the rollback").containsExactly("rollback");
			return null;
		}).given(this.users).recordRefusedCreate(STORE, ADMIN, duplicate);

		assertThatExceptionOfType(IdentityException.class)
			.isThrownBy(() -> this.resets.createWithOneTimePassword(STORE, attributes, ADMIN))
			.isSameAs(duplicate);

		then(this.users).should().recordRefusedCreate(STORE, ADMIN, duplicate);
		then(this.mocks.audit).shouldHaveNoInteractions();
	}

	@Test
	void aUserAddedToAWritableDirectoryGetsItsOneTimePasswordAsAResetAndNoRowOfItsOwn() {
		UserAttributes attributes = UserAttributes.builder("alice").build();
		given(this.users.createInDirectory(STORE, attributes, ADMIN)).willReturn(Optional.of(addedToDirectory()));
		user(true, "alice@example.com");

		IssuedPassword issued = this.resets.createWithOneTimePassword(STORE, attributes, ADMIN);

		assertThat(issued.userId()).isEqualTo(USER);
		assertThat(issued.password()).isEqualTo("Temporary-Password-9");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("mode OTP: a one-time password was issued");
		then(this.users).should(never()).createInTransaction(any(), any(), any());
		then(this.users).should(never()).delete(any(), any(), any());
		assertThat(requests("identity_center", "otp", "success")).isEqualTo(1);
	}

	@Test
	void aUserAddedToAWritableDirectoryIsDeletedAgainWhenItsLinkCannotBeSent() {
		UserAttributes attributes = UserAttributes.builder("alice").build();
		given(this.users.createInDirectory(STORE, attributes, ADMIN)).willReturn(Optional.of(addedToDirectory()));
		user(true, null);

		assertThatExceptionOfType(ResetNotPossibleException.class)
			.isThrownBy(() -> this.resets.createWithEmailLink(STORE, attributes, ADMIN));

		then(this.users).should().delete(STORE, USER, ADMIN);
		then(this.users).should(never()).createInTransaction(any(), any(), any());
		then(this.users).should(never()).recordRefusedCreate(any(), any(), any());
		then(this.mocks.outbox).shouldHaveNoInteractions();
	}

	@Test
	void aMaskedOneTimePasswordGoesOnlyToThePrimaryAddressAndTheAnswerShowsFourCharacters() {
		PasswordResetService masked = service(true);
		user(true, "alice@example.com");
		IssuedPassword issued = masked.resetWithOneTimePassword(STORE, USER, ADMIN);
		assertThat(issued.password()).isEqualTo("Temp***");
		OutgoingMail mail = this.mocks.onlyMail();
		assertThat(mail.to()).isEqualTo("alice@example.com");
		assertThat(mail.textBody()).contains("Temporary-Password-9");
	}

	@Test
	void aMaskedOneTimePasswordForAUserWithoutAddressIsRefusedBeforeAnythingIsGeneratedOrWritten() {
		PasswordResetService masked = service(true);
		user(true, null);
		assertThatExceptionOfType(ResetNotPossibleException.class)
			.isThrownBy(() -> masked.resetWithOneTimePassword(STORE, USER, ADMIN))
			.satisfies((ex) -> assertThat(ex.reason())
				.isEqualTo(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL_FOR_PASSWORD));
		then(this.mocks.policies).should(never()).generateTemporaryPassword(any());
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		assertThat(this.mocks.transactions.outcomes()).isEmpty();
		assertThat(requests("identity_center", "otp", "failure")).isEqualTo(1.0);
	}

	@Test
	void emailResetsOfOneUserPastTheLimitAreRefusedWithTheWaitBeforeTheUserIsEvenRead() {
		given(this.mocks.limiter.tryAcquire(any(), eq(USER.toString())))
			.willReturn(new RateLimiter.Decision(false, Duration.ofMinutes(7)));
		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> this.resets.resetWithEmailLink(STORE, USER, ADMIN))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(7)));
		then(this.mocks.credentials).shouldHaveNoInteractions();
		ArgumentCaptor<RateLimit> limit = ArgumentCaptor.forClass(RateLimit.class);
		then(this.mocks.limiter).should(atLeastOnce()).tryAcquire(limit.capture(), eq(USER.toString()));
		assertThat(limit.getValue().name()).isEqualTo("administrator_reset_user");
		assertThat(limit.getValue().maxEvents()).isEqualTo(10);
	}

	@Test
	void anOtpResetPastTheLimitIsCountedOnItsTurnToHashAndRefusedBeforeTheHash() {
		user(true, "alice@example.com");
		given(this.mocks.limiter.tryAcquire(any(), eq(USER.toString())))
			.willReturn(new RateLimiter.Decision(false, Duration.ofMinutes(7)));
		willAnswer((call) -> {
			then(this.mocks.limiter).should(never()).tryAcquire(any(), any());
			return call.<Supplier<?>>getArgument(0).get();
		}).given(this.mocks.hashing).withTurn(any());

		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> this.resets.resetWithOneTimePassword(STORE, USER, ADMIN))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(7)));
		then(this.mocks.limiter).should().tryAcquire(any(), eq(USER.toString()));
		then(this.mocks.hashing).should(never()).hash(anyString());
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		assertThat(this.mocks.transactions.outcomes()).isEmpty();
	}

	@Test
	void aResetLinkCarriesATokenOnlyWhoseHashIsStoredForTheLinksLifetime() {
		user(true, "alice@example.com");
		this.resets.resetWithEmailLink(STORE, USER, ADMIN);
		String token = tokenIn(this.mocks.onlyMail());
		then(this.mocks.tokens).should()
			.insert(any(), eq(PasswordResetService.sha256(token)), eq(USER), eq(STORE), eq(NOW),
					eq(NOW.plus(Duration.ofHours(1))));
		then(this.mocks.tokens).should().invalidateAll(USER, NOW);
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		then(this.mocks.codes).shouldHaveNoInteractions();
		assertThat(this.mocks.successAudit().reason()).isEqualTo("mode EMAIL: a reset link was queued");
	}

	@Test
	void noLinkIsSentToADisabledUserOrAUserWithoutAPrimaryAddress() {
		user(false, "alice@example.com");
		assertThatExceptionOfType(ResetNotPossibleException.class)
			.isThrownBy(() -> this.resets.resetWithEmailLink(STORE, USER, ADMIN))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ResetNotPossibleException.Reason.USER_DISABLED));
		user(true, null);
		assertThatExceptionOfType(ResetNotPossibleException.class)
			.isThrownBy(() -> this.resets.resetWithEmailLink(STORE, USER, ADMIN))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ResetNotPossibleException.Reason.NO_PRIMARY_EMAIL));
		then(this.mocks.outbox).shouldHaveNoInteractions();
		then(this.mocks.tokens).shouldHaveNoInteractions();
	}

	@Test
	void aMalformedTokenIsRefusedWithoutALookupAndTheRefusalIsAudited() {
		for (String token : List.of("", "short", "A".repeat(42) + "=", "A".repeat(44))) {
			assertThatExceptionOfType(InvalidResetTokenException.class)
				.isThrownBy(() -> this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM));
		}
		then(this.mocks.tokens).shouldHaveNoInteractions();
		ArgumentCaptor<AuditEvent> events = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.mocks.audit).should(org.mockito.Mockito.times(4)).record(events.capture());
		assertThat(events.getAllValues()).allSatisfy((event) -> {
			assertThat(event.outcome()).isEqualTo(AuditOutcome.FAILURE);
			assertThat(event.reason()).isEqualTo("refused: the reset link is invalid or has expired");
		});
		assertThat(this.meters.get("password.reset.confirmations").tag("outcome", "failure").counter().count())
			.isEqualTo(4.0);
	}

	@Test
	void aTokenThatIsUnknownExpiredUsedOrInvalidatedIsRefusedAlike() {
		String token = "B".repeat(43);
		assertThatExceptionOfType(InvalidResetTokenException.class)
			.isThrownBy(() -> this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM));
		for (ResetToken stored : List.of(token(NOW, null, null), token(NOW.plusSeconds(60), NOW, null),
				token(NOW.plusSeconds(60), null, NOW))) {
			given(this.mocks.tokens.findByHash(PasswordResetService.sha256(token))).willReturn(Optional.of(stored));
			assertThatExceptionOfType(InvalidResetTokenException.class)
				.isThrownBy(() -> this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM));
			assertThat(this.resets.identityStoreOf(token)).isEmpty();
		}
		then(this.mocks.credentials).shouldHaveNoInteractions();
	}

	@Test
	void aUsableTokenSetsTheChosenPasswordSpendsTheTokenAndTellsTheUser() {
		String token = usableToken();
		user(true, "alice@example.com");
		assertThat(this.resets.identityStoreOf(token)).as("looking does not spend").contains(STORE);
		given(this.mocks.tokens.consume(any(), eq(NOW))).willReturn(true);
		this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM);
		then(this.mocks.credentials).should()
			.setPassword(STORE, USER, "hash of Granite-Harbor-77", false, null, "reset-link");
		then(this.mocks.policies).should().remember(USER, STORE, "hash of Granite-Harbor-77");
		assertThat(this.mocks.onlyMail().textBody()).doesNotContain("Granite-Harbor-77");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("the password was changed through a reset link");
		assertThat(this.meters.get("password.reset.confirmations").tag("outcome", "success").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void aPasswordThePolicyRefusesLeavesTheTokenUsable() {
		String token = usableToken();
		user(true, "alice@example.com");
		given(this.mocks.policies.violations(eq(STORE), eq("short"), any(), eq(USER), isNull())).willReturn(
				List.of(new PasswordViolation(PasswordRule.MIN_LENGTH, "Password must be at least 8 characters.")));
		assertThatExceptionOfType(PasswordRejectedException.class)
			.isThrownBy(() -> this.resets.confirm(token, "short", AuditActor.SYSTEM))
			.satisfies((ex) -> assertThat(ex.reasons()).containsExactly("Password must be at least 8 characters."));
		then(this.mocks.tokens).should(never()).consume(any(), any());
		then(this.mocks.hashing).should(never()).hash("short");
		ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.mocks.audit).should().record(event.capture());
		assertThat(event.getValue().reason()).isEqualTo("refused: the new password does not meet the policy");
	}

	@Test
	void aTokenSpentMeanwhileRefusesTheConfirmationAndWritesNothing() {
		String token = usableToken();
		user(true, "alice@example.com");
		given(this.mocks.tokens.consume(any(), eq(NOW))).willReturn(false);
		assertThatExceptionOfType(InvalidResetTokenException.class)
			.isThrownBy(() -> this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM));
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		then(this.mocks.outbox).shouldHaveNoInteractions();
		then(this.mocks.audit).should(never()).recordInTransaction(any());
		assertThat(this.mocks.transactions.outcomes()).containsExactly("rollback");
		ArgumentCaptor<AuditEvent> event = ArgumentCaptor.forClass(AuditEvent.class);
		then(this.mocks.audit).should().record(event.capture());
		assertThat(event.getValue().reason()).isEqualTo("refused: the reset link was used or invalidated meanwhile");
	}

	@Test
	void aDisabledUsersTokenIsRefused() {
		String token = usableToken();
		user(false, "alice@example.com");
		assertThatExceptionOfType(InvalidResetTokenException.class)
			.isThrownBy(() -> this.resets.confirm(token, "Granite-Harbor-77", AuditActor.SYSTEM));
		then(this.mocks.tokens).should(never()).consume(any(), any());
	}

	private PasswordResetService service(boolean maskInResponse) {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		ResetProperties properties = new ResetProperties(
				new ResetProperties.OtpPassword(Duration.ofHours(24), maskInResponse),
				new ResetProperties.Lockout(10, Duration.ofMinutes(15)),
				new ResetProperties.ResetLink(Duration.ofHours(1)),
				new ResetProperties.SelfService(true, new ResetProperties.PerUser(5, Duration.ofHours(1)),
						new ResetProperties.PerAddress(20, Duration.ofHours(1)),
						new ResetProperties.Worker(true, 2, Duration.ofSeconds(1), 20, Duration.ofMinutes(1),
								Duration.ofSeconds(5), Duration.ofMinutes(5), 5)),
				new ResetProperties.AdministratorResets(10, Duration.ofHours(1)), "https://reset.example.com");
		return new PasswordResetService(this.users, this.mocks.credentials, this.mocks.policies, this.mocks.hashing,
				this.mocks.audit, properties, clock, this.mocks.tokens, new ResetMetrics(this.meters),
				this.mocks.limiter, this.mocks.change(clock),
				new ChosenPasswords(this.mocks.policies, this.mocks.hashing), new DirectoryUserCreation(this.users));
	}

	private void user(boolean enabled, String email) {
		UserAttributes.Builder attributes = UserAttributes.builder("alice").displayName("Alice Liddell");
		if (email != null) {
			attributes.emails(List.of(new EmailAddress(email, "work", true, true)));
		}
		given(this.mocks.credentials.credentials(STORE, USER))
			.willReturn(new UserCredentials(USER, STORE, attributes.build(), enabled, null, false, null, null, null));
	}

	private static UserInfo addedToDirectory() {
		return new UserInfo(USER, STORE, UserAttributes.builder("alice").build(), true, true, false, null, NOW,
				"directory", NOW, "directory");
	}

	private String usableToken() {
		String token = "C".repeat(43);
		given(this.mocks.tokens.findByHash(PasswordResetService.sha256(token)))
			.willReturn(Optional.of(token(NOW.plusSeconds(60), null, null)));
		return token;
	}

	private static ResetToken token(Instant expiresAt, Instant consumedAt, Instant invalidatedAt) {
		return new ResetToken(UUID.randomUUID(), USER, STORE, ResetTokenStore.PURPOSE_PASSWORD_RESET, expiresAt,
				consumedAt, invalidatedAt);
	}

	private static String tokenIn(OutgoingMail mail) {
		Matcher link = LINK.matcher(mail.textBody());
		assertThat(link.find()).as("the mail holds the link").isTrue();
		return link.group(1);
	}

	private double requests(String api, String mode, String outcome) {
		return this.meters.get("password.reset.requests")
			.tag("api", api)
			.tag("mode", mode)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

}
