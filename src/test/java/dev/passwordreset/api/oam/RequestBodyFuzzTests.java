package dev.passwordreset.api.oam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.oam.OamFixtures.Store;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every OAM call over HTTP with jqwik's generators: bodies that are near misses of
 * valid ones (a field missing, of the wrong type, too long, with NUL bytes or odd
 * Unicode, nested where it should be flat), plain garbage, and odd {@code userdetails}.
 * No input may give a 500 or leave OAM's shape. The generators are sampled inside the
 * shared API context rather than run as a jqwik property, so that no second application
 * context is started; a failure names its input.
 */
@ApiTest
class RequestBodyFuzzTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Per call: five bodies and two query forms make 420 requests in all, to keep the run
	 * fast.
	 */
	private static final int TRIES = 60;

	@LocalServerPort
	int port;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
		OamFixtures.createUser(this.admin, this.store, "fuzz", "fuzz@example.com",
				"cn=fuzz,ou=users,dc=example,dc=com");
	}

	@Test
	void noCreateOtpBodyGivesA500() {
		fuzz(OamFixtures.MFA + "/createOTP",
				List.of(field("appName", "app"), field("deliveryChannel", "custom", "email", "sms", "totp", "CUSTOM"),
						field("userId", "fuzz"), field("email", "fuzz@example.com"), field("phone", "+1"),
						field("idStore", this.store.name()), field("sessionId", "s-1")));
	}

	@Test
	void noValidateOtpBodyGivesA500() {
		fuzz(OamFixtures.MFA + "/validateOTP", otpFields());
	}

	@Test
	void noResetWithOtpBodyGivesA500() {
		Arbitrary<String> otp = object(otpFields());
		fuzz(OamFixtures.PSWD + "/PasswordResetRequestsWithOTP",
				List.of(otp.map((o) -> Optional.of("\"otp\": " + o)), field("password", "Quartz-Meadow-Lantern-42"),
						username().map((u) -> Optional.of("\"username\": " + u))));
	}

	@Test
	void noPasswordChangeBodyGivesA500() {
		fuzz(OamFixtures.PSWD + "/PasswordResetRequests",
				List.of(field("originalpassword", "whatever-it-was"), field("newpassword", "Quartz-Meadow-Lantern-42"),
						username().map((u) -> Optional.of("\"username\": " + u))));
	}

	@Test
	void noPasswordValidationBodyGivesA500() {
		fuzz(OamFixtures.PSWD + "/PasswordValidateRequests", List.of(field("password", "Quartz-Meadow-Lantern-42"),
				username().map((u) -> Optional.of("\"username\": " + u))));
	}

	@Test
	void noUserdetailsOrPathGivesA500() {
		Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
				Arbitraries.strings().withChars(":=,\\ %+#;cnoudfz").ofMaxLength(60),
				Arbitraries.of("systemTenant::cn=fuzz,ou=users,dc=example,dc=com::" + this.store.name() + "::fuzz"));
		for (String value : text.sampleStream().limit(TRIES).toList()) {
			String encoded = PasswordManagementApiTests.encode(value);
			check(this.admin.get(OamFixtures.PSWD + "/UserPasswordPolicyRetriever?userdetails=" + encoded), value);
			check(this.admin.get(OamFixtures.PSWD + "/UserPasswordPolicyRetriever/" + encoded.replace("+", "%20")),
					value);
		}
	}

	private void fuzz(String path, List<Arbitrary<Optional<String>>> fields) {
		Arbitrary<String> bodies = Arbitraries.frequencyOf(
				Tuple.of(8, Combinators.combine(fields).as(RequestBodyFuzzTests::join)),
				Tuple.of(1, Arbitraries.strings().ofMaxLength(80)),
				Tuple.of(1, Arbitraries.of("", "null", "[]", "{}", "{\"a\":", "\"x\"", "1", "{\"otp\": null}")));
		for (String body : bodies.sampleStream().limit(TRIES).toList()) {
			check(this.admin.post(path, body), body);
		}
	}

	private static void check(ApiResponse response, String input) {
		assertThat(response.status()).as("input %s gave %s", input, response.body()).isBetween(200, 499);
		assertThat(response.header("Content-Type")).as(input).startsWith("application/json");
		assertThat(response.body()).as(input).doesNotContainPattern(OamAssertions.INTERNALS);
		if (response.status() >= 400) {
			assertThat(response.json().propertyNames()).as(input).contains("message", "minorCode", "resultCode");
		}
	}

	private List<Arbitrary<Optional<String>>> otpFields() {
		return List.of(field("appName", "app"), field("correlationId", "0123456789abcdef0123456789abcdef"),
				field("otpCode", "123456"), field("userId", "fuzz"), field("deliveryChannel", "email", "custom"),
				field("idStore", this.store.name()), field("sessionId", "s-1"));
	}

	private Arbitrary<String> username() {
		return object(List.of(field("dn", "cn=fuzz,ou=users,dc=example,dc=com", "not a dn", "cn=a\\,b"),
				field("idstoreref", this.store.name()), field("tenantname", "systemTenant", "other"),
				field("username", "fuzz")));
	}

	private static Arbitrary<String> object(List<Arbitrary<Optional<String>>> fields) {
		return Combinators.combine(fields).as(RequestBodyFuzzTests::join);
	}

	/** A field that is left out, valid, or anything JSON can hold in its place. */
	private static Arbitrary<Optional<String>> field(String name, String... valid) {
		Arbitrary<String> value = Arbitraries.frequencyOf(
				Tuple.of(5, Arbitraries.of(valid).map(RequestBodyFuzzTests::quote)),
				Tuple.of(2, Arbitraries.strings().ofMaxLength(40).map(RequestBodyFuzzTests::quote)),
				Tuple.of(1, Arbitraries.strings().ofMinLength(100).ofMaxLength(3000).map(RequestBodyFuzzTests::quote)),
				Tuple.of(1,
						Arbitraries.strings()
							.withChars("\u0000\u0007\u202e\ud83d\ude00\uffff\t\n")
							.ofMaxLength(10)
							.map(RequestBodyFuzzTests::quote)),
				Tuple.of(2, Arbitraries.of("null", "0", "-1", "1e999", "true", "[]", "{}", "[\"x\"]",
						"{\"nested\": \"x\"}", "12345678901234567890")));
		Arbitrary<Optional<String>> present = value.map((v) -> Optional.of(quote(name) + ": " + v));
		return Arbitraries.frequencyOf(Tuple.of(4, present), Tuple.of(1, Arbitraries.just(Optional.empty())));
	}

	private static String join(List<Optional<String>> fields) {
		List<String> present = new ArrayList<>();
		fields.forEach((field) -> field.ifPresent(present::add));
		return "{" + String.join(", ", present) + "}";
	}

	private static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

}
