package dev.passwordreset.api.oam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.passwordreset.AllAtOnce;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.ReceivedMail;
import dev.passwordreset.SmsGatewayStub;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Issued;
import dev.passwordreset.api.oam.OamFixtures.Store;
import dev.passwordreset.ldap.DirectoryJourneyStores;
import dev.passwordreset.ldap.DirectoryJourneyTest;
import dev.passwordreset.ldap.LdapDirectories;
import dev.passwordreset.ldap.TestDirectory;
import dev.passwordreset.mail.MailDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

/**
 * Identity stores in a real OpenLDAP (issue 16): every reset here changes the password in
 * the directory, proven by a bind with the new password and a failed bind with the old
 * one. The store named {@code oud} is an LDAP store, so the seed page's own
 * {@code userdetails} work against it; {@code oud-replace} is the same directory written
 * in {@code replace} mode.
 * <p>
 * The context has a database of its own: the other OAM journeys make an internal store
 * named {@code oud} in the shared one.
 */
@DirectoryJourneyTest
@ExtendWith(OutputCaptureExtension.class)
class LdapIdentityStoreJourneyTests {

	private static final String USERDETAILS = "systemTenant::" + TestDirectory.SEED_DN + "::oud::normal";

	private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*([0-9]{6,10})\\s*$");

	private static final Pattern SMS_CODE = Pattern.compile("\\b([0-9]{6,10})\\b");

	/**
	 * The mail server of createOTP's email channel; the outbox is delivered by the test
	 * ({@link MailDelivery}), as in the mail journeys.
	 */
	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(
			new ServerSetup(DirectoryJourneyStores.SMTP_PORT, "127.0.0.1", "smtp"))
		.withPerMethodLifecycle(false);

	/** The gateway of createOTP's sms channel, which the context shares. */
	private static final SmsGatewayStub SMS_GATEWAY = DirectoryJourneyStores.SMS_GATEWAY;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApplicationContext context;

	/** The real directories, unless a test holds a write at the door. */
	@Autowired
	LdapDirectories directories;

	@Test
	void createOtpByEmailMailsTheCodeToTheDirectorysAddressAndItsResetChangesThePasswordThere() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("mailed");
		String address = user + "@example.com";
		String initial = "Initial-Granite-Password-11";
		directory.addUser(user, address, initial);
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");

		ApiResponse created = OamFixtures.createOtp(admin, oud, user, "email", "selfservice", null);

		assertSuccess(created);
		MailDelivery.deliverQueued(this.context);
		List<ReceivedMail> mails = ReceivedMail.to(address, smtp.getReceivedMessages());
		assertThat(mails).singleElement()
			.satisfies((mail) -> assertThat(mail.subject()).isEqualTo("Your verification code"));
		Matcher line = CODE_LINE.matcher(mails.get(0).text());
		assertThat(line.find()).isTrue();
		resetWithTheDeliveredCodeChangesThePasswordInTheDirectory(admin, oud, user, created, line.group(1), initial);
	}

	@Test
	void createOtpBySmsTextsTheCodeToTheDirectorysNumberAndItsResetChangesThePasswordThere() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("texted");
		String initial = "Initial-Granite-Password-12";
		directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		// A number of this test's own, so that other messages to the gateway do not
		// count.
		String number = "+1555" + String.format("%07d", Math.floorMod(user.hashCode(), 10_000_000));
		directory.replace(dn, "telephoneNumber", number);
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");

		ApiResponse created = OamFixtures.createOtp(admin, oud, user, "sms", "selfservice", null);

		assertSuccess(created);
		MailDelivery.deliverQueued(this.context);
		List<SmsGatewayStub.Received> texts = SMS_GATEWAY.receivedFor(number);
		assertThat(texts).hasSize(1);
		Matcher code = SMS_CODE.matcher(texts.get(0).text());
		assertThat(code.find()).as("the text holds the code").isTrue();
		resetWithTheDeliveredCodeChangesThePasswordInTheDirectory(admin, oud, user, created, code.group(1), initial);
	}

	/**
	 * The tail of a delivered code's journey: the code never came back in createOTP's
	 * answer, and the reset with it changes the password in the directory.
	 */
	private static void resetWithTheDeliveredCodeChangesThePasswordInTheDirectory(HttpApi admin, Store oud, String user,
			ApiResponse created, String code, String initial) {
		TestSecrets.remember(code);
		assertThat(created.body()).doesNotContain(code);
		Issued issued = new Issued(created.text("correlationId"), code);
		String password = "Quarry-Lantern-Meadow-64-Harbor";
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud",
				OamFixtures.otp(oud, user, "selfservice", issued), password, null));

		String dn = "cn=" + user + "," + TestDirectory.USERS;
		assertThat(TestDirectory.shared().canBind(dn, password)).isTrue();
		assertThat(TestDirectory.shared().canBind(dn, initial)).isFalse();
	}

	@Test
	void createOtpValidateOtpAndResetWithTheSeedsUserdetailsChangeThePasswordInTheDirectory() {
		TestDirectory directory = TestDirectory.shared();
		String old = "Seed-Before-Reset-Password-1";
		directory.resetAsRoot(TestDirectory.SEED_DN, old);
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");

		Issued issued = OamFixtures.issueCustom(admin, oud, "normal", "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, "normal", "selfservice", issued);
		assertSuccess(OamFixtures.validateOtp(admin, otp));
		String password = "Orchid-Tundra-Beacon-58-Ledger";
		assertSuccess(OamFixtures.resetWithOtp(admin, "?userdetails=" + USERDETAILS, otp, password, null));

		assertThat(directory.canBind(TestDirectory.SEED_DN, password)).isTrue();
		assertThat(directory.canBind(TestDirectory.SEED_DN, old)).isFalse();
		assertResult(OamFixtures.resetWithOtp(admin, "?userdetails=" + USERDETAILS, otp,
				"Another-Password-Entirely-19-Long", null), 422, "3", "OTP_USED");
	}

	@Test
	void aDistinguishedNameThatIsNotTheDirectorysEntryForTheUserFindsNobody() {
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, "normal", "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, "normal", "selfservice", issued);

		ApiResponse answer = OamFixtures.resetWithOtp(admin,
				"?userdetails=systemTenant::cn=other,ou=users,dc=ngam,dc=oracle,dc=com::oud::normal", otp,
				"Orchid-Tundra-Beacon-58-Other", null);

		assertThat(answer.status()).isEqualTo(404);
	}

	@Test
	void theDirectorysPolicyRefusesWhatTheStorePolicyAllowedWithTheReasonAndTheCodeStaysUsable() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("short");
		String initial = "Initial-Granite-Password-1";
		directory.addUser(user, user + "@example.com", initial);
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		String dn = "cn=" + user + "," + TestDirectory.USERS;

		// 15 characters: our store's policy (at least 8) allows it, the directory's (16)
		// does not.
		JsonNode tooShort = assertResult(
				OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, "Kestrel-Ridge-7", null), 422, "5",
				"PASSWORD_POLICY_VIOLATION");
		assertThat(tooShort.toString()).contains("shorter than the directory's password policy allows")
			.contains("PasswordMinLength")
			.doesNotContain("quality")
			.doesNotContain("Constraint");
		// The directory remembers the initial password, which this service never saw.
		JsonNode reused = assertResult(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, initial, null), 422,
				"5", "PASSWORD_POLICY_VIOLATION");
		assertThat(reused.toString()).contains("recent passwords").contains("PasswordHistory");
		assertThat(directory.canBind(dn, initial)).isTrue();

		String accepted = "Kestrel-Ridge-Harbour-Lantern-7";
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, accepted, null));
		assertThat(directory.canBind(dn, accepted)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
	}

	@Test
	void huaweiResetPwdModeOtpInReplaceModeSetsAOneTimePasswordTheDirectoryHashes() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("replace");
		String initial = "Initial-Granite-Password-2";
		UUID id = directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store store = OamFixtures.ldapStore(admin, "oud-replace");

		ApiResponse reset = admin.post("/v1/identity-stores/" + store.id() + "/users/" + id + "/reset-password",
				"{\"mode\": \"OTP\"}");

		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		String password = reset.text("password");
		TestSecrets.remember(password);
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
		// Sent in the clear over the (test's unprotected) connection, stored hashed.
		assertThat(directory.storedPassword(dn)).startsWith("{SSHA}").doesNotContain(password);
	}

	@Test
	void underPwdMustChangeTheOneTimePasswordSignsInToBeChangedAndThePasswordTheUserChoseIsKept() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("fresh");
		UUID id = directory.addUser(user, user + "@example.com", "Initial-Granite-Password-13");
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		directory.requireChangeAfterReset(dn);
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");

		ApiResponse reset = admin.post("/v1/identity-stores/" + oud.id() + "/users/" + id + "/reset-password",
				"{\"mode\": \"OTP\"}");

		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		String oneTime = reset.text("password");
		TestSecrets.remember(oneTime);
		assertThat(directory.operational(dn, "pwdReset")).as("marked to be changed").isEqualTo("TRUE");
		ApiResponse first = OamFixtures.signInAnswer(admin, oud, user, oneTime);
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().get("password_change_required").asBoolean()).isTrue();

		String kept = "Kept-Harbour-Lantern-Orchard-2028";
		assertSuccess(OamFixtures.changePassword(admin, oud, user, oneTime, kept));

		assertThat(directory.operational(dn, "pwdReset")).as("the user chose it").isNull();
		ApiResponse then = OamFixtures.signInAnswer(admin, oud, user, kept);
		assertThat(then.status()).as(then.body()).isEqualTo(200);
		assertThat(then.json().get("password_change_required").asBoolean()).isFalse();
		assertThat(directory.canBind(dn, oneTime)).isFalse();
	}

	@Test
	void aDirectoryStoppedInTheMiddleAnswers503SpendsNothingAndTheSameCodeWorksWhenItIsBack() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("outage");
		String initial = "Initial-Granite-Password-3";
		directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		String password = "Harbour-Survivor-Password-2026";

		ApiResponse down;
		directory.stop();
		try {
			down = OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null);
		}
		finally {
			directory.start();
		}

		assertResult(down, 503, "17", "SERVICE_UNAVAILABLE");
		assertThat(down.header("Retry-After")).isNotBlank();
		assertThat(directory.canBind(dn, initial)).isTrue();
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null));
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
	}

	@Test
	void aSecondUseOfTheCodeWhileTheDirectoryWritesIsRefusedAndTheWriteHoldsNoDatabaseConnection() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("claim");
		String initial = "Initial-Granite-Password-4";
		directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice",
				OamFixtures.issueCustom(admin, oud, user, "selfservice"));
		DirectoryDoor write = blockTheDirectoryWriteOf(user);
		String first = "Lantern-Harbour-Winner-Password-1";
		String second = "Lantern-Harbour-Loser-Password-2";

		CompletableFuture<ApiResponse> winner = CompletableFuture
			.supplyAsync(() -> OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, first, null));
		try {
			write.awaitReached(winner);
			write.assertNoTransactionNorConnectionHeld("write");
			// Other work (the outbox's and rate limits' jobs) may take a connection for a
			// moment, but a request that held one across the write would never let the
			// count reach 0.
			HikariPoolMXBean pool = this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> pool.getActiveConnections() == 0);

			assertResult(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, second, null), 422, "3", "OTP_USED");
		}
		finally {
			write.release();
		}

		assertSuccess(winner.get(60, TimeUnit.SECONDS));
		assertThat(directory.canBind(dn, first)).isTrue();
		assertThat(directory.canBind(dn, second)).isFalse();
		assertThat(directory.canBind(dn, initial)).isFalse();
		assertResult(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, second, null), 422, "3", "OTP_USED");
	}

	@Test
	void twoConcurrentResetsWithOneCodeChangeThePasswordOnce() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("race");
		directory.addUser(user, user + "@example.com", "Initial-Granite-Password-5");
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice",
				OamFixtures.issueCustom(admin, oud, user, "selfservice"));
		List<String> passwords = List.of("Concurrent-Harbour-Password-1", "Concurrent-Harbour-Password-2");

		List<ApiResponse> answers = AllAtOnce.run(passwords.stream()
			.map((password) -> (Callable<ApiResponse>) () -> OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp,
					password, null))
			.toList());

		assertThat(answers).extracting(ApiResponse::status).containsExactlyInAnyOrder(200, 422);
		int won = (answers.get(0).status() == 200) ? 0 : 1;
		assertThat(answers.get(1 - won).body()).contains("OTP_USED");
		assertThat(directory.canBind(dn, passwords.get(won))).isTrue();
		assertThat(directory.canBind(dn, passwords.get(1 - won))).isFalse();
		assertThat(passwordChangedMailsTo(user + "@example.com")).isEqualTo(1);
	}

	@Test
	void aDirectoryStoppedDuringThePasswordWriteAnswers503GivesTheCodeBackAndNamesTheDirectoryInTheLog(
			CapturedOutput output) {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("midwrite");
		String initial = "Initial-Granite-Password-6";
		directory.addUser(user, user + "@example.com", initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		String password = "Harbour-Outage-Survivor-2027";
		DirectoryDoor write = blockTheDirectoryWriteOf(user);

		CompletableFuture<ApiResponse> reset = CompletableFuture
			.supplyAsync(() -> OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null));
		ApiResponse down;
		try {
			write.awaitReached(reset);
			directory.stop();
			write.release();
			down = reset.join();
		}
		finally {
			write.release();
			directory.start();
		}

		assertResult(down, 503, "17", "SERVICE_UNAVAILABLE");
		assertThat(down.header("Retry-After")).isNotBlank();
		assertThat(output).contains("Directory of identity store oud unavailable for POST")
			.doesNotContain("Database unavailable");
		assertThat(this.jdbc.queryForMap(
				"select consumed_at, claim_id, claimed_until from one_time_code where correlation_id = ?",
				issued.correlationId()))
			.as("the code is neither spent nor claimed")
			.allSatisfy((column, value) -> assertThat(value).as(column).isNull());
		assertThat(directory.canBind(dn, initial)).isTrue();
		assertSuccess(OamFixtures.resetWithOtp(admin, "/" + user + "/oud", otp, password, null));
		assertThat(directory.canBind(dn, password)).isTrue();
	}

	@Test
	void huaweiResetPwdModeEmailAndTheResetPageChangeThePasswordInTheDirectoryOnce() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("email");
		String email = user + "@example.com";
		String initial = "Initial-Granite-Password-7";
		UUID id = directory.addUser(user, email, initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");

		ApiResponse reset = admin.post("/v1/identity-stores/" + oud.id() + "/users/" + id + "/reset-password",
				"{\"mode\": \"EMAIL\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		String token = linkMailedTo(email);
		HttpApi browser = HttpApi.on(this.port);
		assertThat(browser.get("/reset-password?token=" + token).body()).contains("<form");

		// 15 characters: the store's policy allows it, the directory's does not; the page
		// says why, and the link still works.
		ApiResponse tooShort = submit(browser, token, "Kestrel-Ridge-8");
		assertThat(tooShort.status()).isEqualTo(400);
		assertThat(tooShort.body()).contains("shorter than the directory&#39;s password policy allows")
			.contains("<form");
		String password = "Page-Confirmed-Directory-Password-1";
		ApiResponse changed = submit(browser, token, password);
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.body()).contains("Your password was changed.");

		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
		ApiResponse reused = submit(browser, token, "Page-Confirmed-Directory-Password-2");
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.body()).contains("invalid or has expired");
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(passwordChangedMailsTo(email)).isEqualTo(1);
	}

	@Test
	void aSecondConfirmationOfTheLinkWhileTheFirstIsWrittenIsRefusedAndADirectoryStoppedMeanwhileGivesTheLinkBack() {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("pagedown");
		String email = user + "@example.com";
		String initial = "Initial-Granite-Password-8";
		UUID id = directory.addUser(user, email, initial);
		String dn = "cn=" + user + "," + TestDirectory.USERS;
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		assertThat(admin
			.post("/v1/identity-stores/" + oud.id() + "/users/" + id + "/reset-password", "{\"mode\": \"EMAIL\"}")
			.status()).isEqualTo(200);
		String token = linkMailedTo(email);
		HttpApi browser = HttpApi.on(this.port);
		String password = "Page-Outage-Directory-Password-1";
		DirectoryDoor write = blockTheDirectoryWriteOf(user);

		CompletableFuture<ApiResponse> submitted = CompletableFuture
			.supplyAsync(() -> submit(browser, token, password));
		ApiResponse down;
		try {
			write.awaitReached(submitted);
			ApiResponse second = submit(browser, token, "Page-Outage-Directory-Password-2");
			assertThat(second.status()).isEqualTo(400);
			assertThat(second.body()).contains("invalid or has expired");
			directory.stop();
			write.release();
			down = submitted.join();
		}
		finally {
			write.release();
			directory.start();
		}

		assertThat(down.status()).isEqualTo(503);
		assertThat(down.header("Retry-After")).isNotBlank();
		assertThat(down.body()).contains("your link still works").contains("<form").doesNotContain("Exception");
		assertThat(directory.canBind(dn, initial)).isTrue();
		assertThat(submit(browser, token, password).status()).isEqualTo(200);
		assertThat(directory.canBind(dn, password)).isTrue();
	}

	@Test
	void anLdapStoreWithoutAConfiguredDirectoryIsRefused() {
		ApiResponse created = admin().post("/v1/identity-stores",
				"{\"name\": \"" + OamFixtures.uniqueName("nodir") + "\", \"kind\": \"ldap\"}");

		assertThat(created.status()).as(created.body()).isEqualTo(400);
		assertThat(created.body()).contains("reset.ldap.stores.");
	}

	/** The reset link in the mail queued for this address. */
	private String linkMailedTo(String email) {
		String text = this.jdbc.queryForObject(
				"select text_body from mail_outbox where recipient = ? and text_body like '%/reset-password?token=%'",
				String.class, email);
		Matcher matcher = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})").matcher(text);
		assertThat(matcher.find()).isTrue();
		TestSecrets.remember(matcher.group(1));
		return matcher.group(1);
	}

	/** The reset page's form, posted as a browser posts it. */
	private static ApiResponse submit(HttpApi browser, String token, String password) {
		TestSecrets.remember(password);
		String form = "token=" + encode(token) + "&password=" + encode(password) + "&confirmation=" + encode(password);
		return browser.send("POST", "/reset-password", "application/x-www-form-urlencoded", form);
	}

	@Test
	void createOtpSearchesTheDirectoryWithNoDatabaseConnectionHeld() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("search");
		directory.addUser(user, user + "@example.com", "Initial-Basalt-Password-7");
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		DirectoryDoor search = new DirectoryDoor();
		doAnswer(search.holdThenCallRealMethod()).when(this.directories).findByUserName(anyString(), eq(user));

		CompletableFuture<ApiResponse> created = CompletableFuture
			.supplyAsync(() -> OamFixtures.createOtp(admin, oud, user, "custom", "selfservice", null));
		try {
			search.awaitReached(created);
			search.assertNoTransactionNorConnectionHeld("search");
		}
		finally {
			search.release();
		}

		assertThat(created.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
	}

	@Test
	void disableUserChangesTheDirectoryWithNoDatabaseConnectionHeld() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("held");
		UUID id = directory.addUser(user, user + "@example.com", "Initial-Basalt-Password-8");
		HttpApi admin = admin();
		Store writable = OamFixtures.ldapStore(admin, "oud-writable");
		DirectoryDoor change = holdTheStatusChangeOf(user);

		CompletableFuture<ApiResponse> disabled = CompletableFuture
			.supplyAsync(() -> admin.post("/v1/identity-stores/" + writable.id() + "/users/" + id + "/disable"));
		try {
			change.awaitReached(disabled);
			change.assertNoTransactionNorConnectionHeld("change");
		}
		finally {
			change.release();
		}

		assertThat(disabled.get(60, TimeUnit.SECONDS).status()).isIn(200, 204);
		assertThat(directory.operational("cn=" + user + "," + TestDirectory.USERS, "pwdAccountLockedTime"))
			.isEqualTo("000001010000Z");
	}

	@Test
	void aUserDeletedFromTheDirectoryDuringTheResetIsNotFoundAndTheCodeIsGivenBack() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("vanish");
		directory.addUser(user, user + "@example.com", "Initial-Basalt-Password-9");
		HttpApi admin = admin();
		Store oud = OamFixtures.ldapStore(admin, "oud");
		Issued issued = OamFixtures.issueCustom(admin, oud, user, "selfservice");
		ObjectNode otp = OamFixtures.otp(oud, user, "selfservice", issued);
		DirectoryDoor write = blockTheDirectoryWriteOf(user);

		CompletableFuture<ApiResponse> reset = CompletableFuture.supplyAsync(() -> OamFixtures.resetWithOtp(admin,
				"/" + user + "/oud", otp, "Harbour-Lighthouse-Password-2027", null));
		try {
			write.awaitReached(reset);
			directory.delete("cn=" + user + "," + TestDirectory.USERS);
		}
		finally {
			write.release();
		}

		assertResult(reset.get(60, TimeUnit.SECONDS), 404, "6", "USER_NOT_FOUND");
		assertThat(this.jdbc.queryForMap("select consumed_at, claim_id from one_time_code where correlation_id = ?",
				issued.correlationId()))
			.containsEntry("consumed_at", null)
			.containsEntry("claim_id", null);
		assertThat(passwordChangedMailsTo(user + "@example.com")).isZero();
	}

	@Test
	void disablingAUserDeletedFromTheDirectoryMeanwhileIsNotFound() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String user = OamFixtures.uniqueName("gone");
		UUID id = directory.addUser(user, user + "@example.com", "Initial-Basalt-Password-10");
		HttpApi admin = admin();
		Store writable = OamFixtures.ldapStore(admin, "oud-writable");
		DirectoryDoor change = holdTheStatusChangeOf(user);

		CompletableFuture<ApiResponse> disabled = CompletableFuture
			.supplyAsync(() -> admin.post("/v1/identity-stores/" + writable.id() + "/users/" + id + "/disable"));
		try {
			change.awaitReached(disabled);
			directory.delete("cn=" + user + "," + TestDirectory.USERS);
		}
		finally {
			change.release();
		}

		ApiResponse answer = disabled.get(60, TimeUnit.SECONDS);
		assertThat(answer.status()).as(answer.body()).isEqualTo(404);
		assertThat(answer.text("error_code")).isEqualTo("IIC.404");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * Holds the next password write of this user at the directory's door until the test
	 * lets it through.
	 */
	private DirectoryDoor blockTheDirectoryWriteOf(String userName) {
		DirectoryDoor write = new DirectoryDoor();
		doAnswer(write.holdThenCallRealMethod()).when(this.directories)
			.setPassword(anyString(), argThat((entry) -> entry != null && entry.userName().equals(userName)),
					anyString(), anyBoolean());
		return write;
	}

	/**
	 * Holds the next EnableUser or DisableUser of this user at the directory's door until
	 * the test lets it through.
	 */
	private DirectoryDoor holdTheStatusChangeOf(String userName) {
		DirectoryDoor change = new DirectoryDoor();
		doAnswer(change.holdThenCallRealMethod()).when(this.directories)
			.setEnabled(anyString(), argThat((entry) -> entry != null && entry.userName().equals(userName)),
					anyBoolean());
		return change;
	}

	/** The "password changed" mails queued for this address. */
	private int passwordChangedMailsTo(String address) {
		return this.jdbc.queryForObject(
				"select count(*) from mail_outbox where recipient = ? and subject like 'Your password was changed%'",
				Integer.class, address);
	}

	private HttpApi admin() {
		return HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

}
