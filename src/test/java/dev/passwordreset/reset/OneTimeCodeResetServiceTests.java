package dev.passwordreset.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;
import dev.passwordreset.audit.AuditOutcome;
import dev.passwordreset.identity.DistinguishedName;
import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.IdentityStoreInfo;
import dev.passwordreset.identity.IdentityStoreKind;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentialService;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.mail.OutgoingMail;
import dev.passwordreset.otp.AcceptedCode;
import dev.passwordreset.otp.CodeBinding;
import dev.passwordreset.otp.CodeRejection;
import dev.passwordreset.otp.IssuedCode;
import dev.passwordreset.otp.OneTimePasswordProperties;
import dev.passwordreset.otp.OneTimePasswordRejectedException;
import dev.passwordreset.password.PasswordRule;
import dev.passwordreset.password.PasswordViolation;
import dev.passwordreset.ratelimit.RateLimiter;
import dev.passwordreset.sms.SmsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * OAM's one-time-code flows without a Spring context: issuing (channels, recipients on
 * file, the per-user limit), the reset with a code and its order of checks, and how an
 * unknown user or store is refused. The code store is mocked here;
 * OneTimePasswordServiceTests proves its rules.
 */
class OneTimeCodeResetServiceTests {

	private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	private static final String STORE = "d-1234567890";

	private static final UUID USER = UUID.fromString("0b9f3c1e-6a52-4c7e-8d1f-2a3b4c5d6e7f");

	private static final AuditActor APP = new AuditActor("5f6e7d8c9b", "AK1", "192.0.2.7", "req-1");

	private static final UserReference ALICE = new UserReference("oud", "alice", null);

	private final ResetCollaborators mocks = new ResetCollaborators();

	private final IdentityStoreService stores = mock(IdentityStoreService.class);

	private final OneTimeCodeResetService resets;

	OneTimeCodeResetServiceTests() {
		given(this.stores.findByName("oud")).willReturn(
				Optional.of(new IdentityStoreInfo(STORE, "oud", "ins-1", NOW, "admin", IdentityStoreKind.INTERNAL)));
		given(this.mocks.credentials.findByStoreNameAndUserName(eq("nowhere"), anyString()))
			.willThrow(IdentityException.notFound(IdentityError.STORE_NOT_FOUND, null));
		given(this.mocks.codes.issue(eq(STORE), any()))
			.willReturn(new IssuedCode("c0ffee", "48213307", NOW.plus(Duration.ofMinutes(10))));
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		SmsProperties noGateway = new SmsProperties(null, Map.of(), null, Duration.ofSeconds(5),
				Duration.ofSeconds(10));
		this.resets = new OneTimeCodeResetService(this.stores, this.mocks.credentials, this.mocks.codes,
				new OneTimePasswordProperties(8, Duration.ofMinutes(10), 5,
						new OneTimePasswordProperties.IssueLimit(5, Duration.ofMinutes(15))),
				this.mocks.policies, new ChosenPasswords(this.mocks.policies, this.mocks.hashing),
				mock(SignInService.class), this.mocks.outbox, noGateway, this.mocks.audit, this.mocks.limiter,
				new ResetMetrics(new SimpleMeterRegistry()), clock, this.mocks.transactions, this.mocks.change(clock));
	}

	@Test
	void aMailedCodeGoesToThePrimaryAddressAndIsNotHandedBack() {
		user(true, "cn=alice,ou=people", "alice@example.com", "alice.private@example.net");
		IssuedOneTimeCode issued = this.resets.issue(ALICE, "payroll", "s-1", CodeChannel.EMAIL, null, null, APP);
		assertThat(issued.correlationId()).isEqualTo("c0ffee");
		assertThat(issued.code()).isNull();
		then(this.mocks.codes).should().issue(STORE, new CodeBinding(USER, "payroll", "s-1"));
		OutgoingMail mail = this.mocks.onlyMail();
		assertThat(mail.to()).isEqualTo("alice@example.com");
		assertThat(mail.textBody()).contains("48213307");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("a one-time code was issued by email");
	}

	@Test
	void aCodeGoesToAnotherAddressOnlyWhenItIsOneOfTheUsersOwn() {
		user(true, null, "alice@example.com", "alice.private@example.net");
		this.resets.issue(ALICE, "payroll", null, CodeChannel.EMAIL, " ALICE.private@example.net ", null, APP);
		assertThat(this.mocks.onlyMail().to()).isEqualTo("alice.private@example.net");

		assertNotSent(
				() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.EMAIL, "mallory@example.com", null, APP),
				CodeNotSentException.Reason.EMAIL_NOT_ON_FILE);
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo("refused: email not on file");
	}

	@Test
	void aCustomCodeIsHandedToTheCallingApplicationAndMailedToNobody() {
		user(true, null);
		IssuedOneTimeCode issued = this.resets.issue(ALICE, "payroll", null, CodeChannel.CUSTOM, null, null, APP);
		assertThat(issued.code()).isEqualTo("48213307");
		assertThat(issued.toString()).doesNotContain("48213307");
		then(this.mocks.outbox).shouldHaveNoInteractions();
	}

	@Test
	void totpAndSmsWithoutAGatewayAreRefusedBeforeTheUserIsLookedUp() {
		assertNotSent(() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.TOTP, null, null, APP),
				CodeNotSentException.Reason.CHANNEL_NOT_SUPPORTED);
		assertNotSent(() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.SMS, null, "+4915112345678", APP),
				CodeNotSentException.Reason.CHANNEL_NOT_SUPPORTED);
		then(this.mocks.credentials).shouldHaveNoInteractions();
		then(this.mocks.codes).shouldHaveNoInteractions();
	}

	@Test
	void noCodeIsIssuedForADisabledUserOrOneWithoutAnAddress() {
		user(false, null, "alice@example.com");
		assertNotSent(() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.EMAIL, null, null, APP),
				CodeNotSentException.Reason.USER_DISABLED);
		user(true, null);
		assertNotSent(() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.EMAIL, null, null, APP),
				CodeNotSentException.Reason.NO_EMAIL);
		then(this.mocks.codes).shouldHaveNoInteractions();
	}

	@Test
	void codesForOneUserPastTheLimitAreRefusedWithTheWaitAndNoneIsIssued() {
		user(true, null, "alice@example.com");
		given(this.mocks.limiter.tryAcquire(any(), eq(USER.toString())))
			.willReturn(new RateLimiter.Decision(false, Duration.ofMinutes(4)));
		assertThatExceptionOfType(TooManyCodesException.class)
			.isThrownBy(() -> this.resets.issue(ALICE, "payroll", null, CodeChannel.EMAIL, null, null, APP))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(4)));
		then(this.mocks.codes).shouldHaveNoInteractions();
		assertThat(this.mocks.lastRecorded().outcome()).isEqualTo(AuditOutcome.DENIED);
	}

	@Test
	void anUnknownStoreOrUserOrADistinguishedNameOfAnotherEntryIsRefusedAndAudited() {
		assertUnknown(new UserReference("nowhere", "alice", null), IdentityError.STORE_NOT_FOUND,
				"refused: unknown identity store");
		given(this.mocks.credentials.findByStoreNameAndUserName("oud", "bob")).willReturn(Optional.empty());
		assertUnknown(new UserReference("oud", "bob", null), IdentityError.USER_NOT_FOUND, "refused: unknown user");
		user(true, "cn=alice,ou=people", "alice@example.com");
		assertUnknown(new UserReference("oud", "alice", DistinguishedName.parse("cn=alice,ou=staff").orElseThrow()),
				IdentityError.USER_NOT_FOUND, "refused: unknown user");
		then(this.mocks.codes).shouldHaveNoInteractions();
	}

	@Test
	void aValidationIsRecordedInTheTransactionThatVerifiesTheCode() {
		user(true, null, "alice@example.com");
		this.resets.validate(ALICE, code("alice"), APP);
		then(this.mocks.codes).should().validate("c0ffee", new CodeBinding(USER, "payroll", null), "48213307");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("the one-time code was accepted");
		assertThat(this.mocks.transactions.outcomes()).as("the verification").containsExactly("commit");
	}

	@Test
	void aRejectedValidationCommitsTheGuessAndIsRecordedAfterIt() {
		user(true, null, "alice@example.com");
		willThrow(new OneTimePasswordRejectedException(CodeRejection.INVALID)).given(this.mocks.codes)
			.validate(any(), any(), any());
		assertRejected(() -> this.resets.validate(ALICE, code("alice"), APP), CodeRejection.INVALID);
		// A wrong guess counts: the transaction that tried the code commits.
		assertThat(this.mocks.transactions.outcomes()).as("the verification").containsExactly("commit");
		then(this.mocks.audit).should(never()).recordInTransaction(any());
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo("refused: the one-time code is invalid");
	}

	@Test
	void aResetWithTheRightCodeSetsThePasswordAndSpendsTheCodeInOneTransaction() {
		user(true, null, "alice@example.com");
		AcceptedCode accepted = new AcceptedCode(UUID.randomUUID(), USER, STORE);
		given(this.mocks.codes.accept("c0ffee", new CodeBinding(USER, "payroll", null), "48213307"))
			.willReturn(accepted);
		this.resets.resetPassword(ALICE, code("alice"), "Granite-Harbor-77", APP);
		then(this.mocks.codes).should().consume(accepted);
		then(this.mocks.credentials).should()
			.setPassword(STORE, USER, "hash of Granite-Harbor-77", false, null, "one-time-code");
		assertThat(this.mocks.onlyMail().textBody()).doesNotContain("Granite-Harbor-77").doesNotContain("48213307");
		assertThat(this.mocks.successAudit().reason()).isEqualTo("the password was changed with a one-time code");
		// The user's lookup is UserCredentialService's own short transaction.
		assertThat(this.mocks.transactions.outcomes()).as("the change").containsExactly("commit");
	}

	@Test
	void aCodeNamedForAnotherUserIsInvalidWithoutBeingTried() {
		user(true, null, "alice@example.com");
		assertRejected(() -> this.resets.resetPassword(ALICE, code("bob"), "Granite-Harbor-77", APP),
				CodeRejection.INVALID);
		then(this.mocks.codes).shouldHaveNoInteractions();
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo("refused: the one-time code is invalid");
	}

	@Test
	void aPasswordThePolicyRefusesLeavesTheCodeUnspent() {
		user(true, null, "alice@example.com");
		given(this.mocks.codes.accept(any(), any(), any()))
			.willReturn(new AcceptedCode(UUID.randomUUID(), USER, STORE));
		given(this.mocks.policies.violations(eq(STORE), eq("weak"), any(), eq(USER), any())).willReturn(
				List.of(new PasswordViolation(PasswordRule.MIN_LENGTH, "Password must be at least 8 characters.")));
		assertThatExceptionOfType(PasswordRejectedException.class)
			.isThrownBy(() -> this.resets.resetPassword(ALICE, code("alice"), "weak", APP));
		then(this.mocks.codes).should(never()).consume(any());
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo("refused: the new password does not meet the policy");
	}

	@Test
	void aCodeSpentMeanwhileRollsTheResetBackAndIsReportedUsed() {
		user(true, null, "alice@example.com");
		AcceptedCode accepted = new AcceptedCode(UUID.randomUUID(), USER, STORE);
		given(this.mocks.codes.accept(any(), any(), any())).willReturn(accepted);
		willThrow(new OneTimePasswordRejectedException(CodeRejection.USED)).given(this.mocks.codes).consume(accepted);
		assertRejected(() -> this.resets.resetPassword(ALICE, code("alice"), "Granite-Harbor-77", APP),
				CodeRejection.USED);
		then(this.mocks.credentials).should(never()).setPassword(any(), any(), any(), anyBoolean(), any(), any());
		then(this.mocks.outbox).shouldHaveNoInteractions();
		assertThat(this.mocks.transactions.outcomes()).as("the change").containsExactly("rollback");
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo("refused: the one-time code is used");
	}

	private void user(boolean enabled, String distinguishedName, String... emails) {
		List<EmailAddress> addresses = new java.util.ArrayList<>();
		for (int i = 0; i < emails.length; i++) {
			addresses.add(new EmailAddress(emails[i], "work", i == 0, true));
		}
		UserAttributes attributes = UserAttributes.builder("alice")
			.displayName("Alice Liddell")
			.emails(addresses)
			.distinguishedName(distinguishedName)
			.build();
		given(this.mocks.credentials.findByStoreNameAndUserName("oud", "alice")).willReturn(
				Optional.of(new UserCredentials(USER, STORE, attributes, enabled, null, false, null, null, null)));
	}

	private static CodeReference code(String userName) {
		return new CodeReference("c0ffee", userName, "payroll", null, "48213307");
	}

	private void assertUnknown(UserReference reference, IdentityError error, String reason) {
		assertThatExceptionOfType(IdentityException.class)
			.isThrownBy(() -> this.resets.issue(reference, "payroll", null, CodeChannel.EMAIL, null, null, APP))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(error));
		assertThat(this.mocks.lastRecorded().reason()).isEqualTo(reason);
	}

	private static void assertNotSent(Runnable issue, CodeNotSentException.Reason reason) {
		assertThatExceptionOfType(CodeNotSentException.class).isThrownBy(issue::run)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

	private static void assertRejected(Runnable reset, CodeRejection reason) {
		assertThatExceptionOfType(OneTimePasswordRejectedException.class).isThrownBy(reset::run)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

}
