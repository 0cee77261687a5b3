package dev.passwordreset.api.identitycenter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack on user names: spellings a person cannot tell apart (full-width letters,
 * ligatures, dotless i, long s, Cyrillic homoglyphs, the Kelvin sign, combining accents)
 * either map to the existing user or are refused; they never make a second account, and
 * never sign in as another.
 */
@ApiTest
class LookAlikeUserNameApiTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Each look-alike, the name it imitates, and what creating it answers. */
	private static final List<LookAlike> LOOK_ALIKES = List.of(
			new LookAlike("\uFF41\uFF4C\uFF49\uFF43\uFF45", "alice", 409), // full-width:
																			// maps to
																			// alice
			new LookAlike("\uFB01ona", "fiona", 400), // ligature fi: disallowed by PRECIS
			new LookAlike("al\u0131ce", "alice", 409), // dotless i: same skeleton
			new LookAlike("\u017Fam", "sam", 400), // long s: disallowed by PRECIS
			new LookAlike("\u0430lice", "alice", 409), // Cyrillic a: same skeleton
			new LookAlike("\u212Aim", "kim", 409), // Kelvin sign: maps to kim
			new LookAlike("e\u0301mile", "\u00E9mile", 409)); // combining acute: NFC
																// makes it émile

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void aLookAlikeOfAnExistingNameIsRefusedAndMakesNoSecondAccount() {
		for (String name : List.of("alice", "fiona", "sam", "kim", "\u00E9mile")) {
			createUser(name);
		}
		for (LookAlike lookAlike : LOOK_ALIKES) {
			ApiResponse created = this.admin.post(users(), userNamed(lookAlike.name()));
			assertError(created, lookAlike.status(), (lookAlike.status() == 409) ? "IIC.1257" : "IIC.400");
		}
		JsonNode listed = this.admin.get(users() + "?limit=100").json().get("users");
		assertThat(listed).extracting((user) -> user.get("user_name").asString())
			.containsExactlyInAnyOrder("alice", "fiona", "sam", "kim", "\u00E9mile");
	}

	@Test
	void concurrentCreationOfLookAlikesSucceedsExactlyOnce() throws Exception {
		List<String> spellings = List.of("alice", "\u0430lice", "al\u0131ce", "\uFF41\uFF4C\uFF49\uFF43\uFF45");
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<ApiResponse>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String spelling = spellings.get(i % spellings.size());
				futures.add(pool.submit(() -> {
					start.await();
					return this.admin.post(users(), userNamed(spelling));
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<ApiResponse> future : futures) {
				ApiResponse response = future.get();
				statuses.add(response.status());
				if (response.status() != 201) {
					assertError(response, 409, "IIC.1257");
				}
			}
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.admin.get(users() + "?limit=100").json().get("users")).hasSize(1);
	}

	@Test
	void theRefusalOfAConfusableNameDoesNotNameTheOtherUser() {
		createUser("maxwell.smart");
		JsonNode error = assertError(this.admin.post(users(), userNamed("m\u0430xwell.sm\u0430rt")), 409, "IIC.1257");
		assertThat(error.get("error_msg").asString()).containsIgnoringCase("a user with a confusable name exists")
			.doesNotContain("maxwell");
	}

	@Test
	void aFullWidthNameIsStoredInItsPlainForm() {
		ApiResponse created = this.admin.post(users(), userNamed("\uFF22\uFF4F\uFF42"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(this.admin.get(users() + "/" + created.text("user_id")).text("user_name")).isEqualTo("Bob");
	}

	@Test
	void renamingToALookAlikeOfAnotherUserIsRefused() {
		createUser("alice");
		String carol = createUser("carol");
		for (String lookAlike : List.of("\u0430lice", "\uFF21LICE", "al\u0131ce")) {
			assertError(rename(carol, lookAlike), 409, "IIC.1257");
		}
		assertError(rename(carol, "\uFB01ona"), 400, "IIC.400");
		assertThat(this.admin.get(users() + "/" + carol).text("user_name")).isEqualTo("carol");

		String alice = this.admin.get(users() + "?user_name=alice")
			.json()
			.get("users")
			.get(0)
			.get("user_id")
			.asString();
		assertThat(rename(alice, "Alice").status()).as("a user may change the case of its own name").isEqualTo(200);
	}

	@Test
	void signingInWithALookAlikeSignsInAsTheSameUserOrNobody() {
		Map<String, String> passwords = new LinkedHashMap<>();
		Map<String, String> ids = new LinkedHashMap<>();
		for (String name : List.of("alice", "fiona", "sam", "kim", "\u00E9mile")) {
			String id = createUser(name);
			ids.put(name, id);
			passwords.put(name, oneTimePassword(id));
		}
		for (LookAlike lookAlike : LOOK_ALIKES) {
			ApiResponse signedIn = signIn(lookAlike.name(), passwords.get(lookAlike.imitated()));
			if (signedIn.status() == 200) {
				assertThat(signedIn.text("user_id")).as(lookAlike.name()).isEqualTo(ids.get(lookAlike.imitated()));
			}
			else {
				assertError(signedIn, 401, "IIC.4010");
			}
		}
		assertThat(signIn("\uFF41\uFF4C\uFF49\uFF43\uFF45", passwords.get("alice")).status()).as("full-width maps")
			.isEqualTo(200);
		assertThat(signIn("\u212Aim", passwords.get("kim")).status()).as("Kelvin sign maps").isEqualTo(200);
		assertThat(signIn("e\u0301mile", passwords.get("\u00E9mile")).status()).as("combining acute maps")
			.isEqualTo(200);
		assertError(signIn("\u0430lice", passwords.get("alice")), 401, "IIC.4010");
		assertError(signIn("al\u0131ce", passwords.get("alice")), 401, "IIC.4010");
		assertError(signIn("\uFB01ona", passwords.get("fiona")), 401, "IIC.4010");
		assertError(signIn("\u017Fam", passwords.get("sam")), 401, "IIC.4010");
	}

	@Test
	void listingByALookAlikeFindsTheUserItMapsToOrNobody() {
		String alice = createUser("alice");
		assertThat(usersNamed("\uFF41\uFF4C\uFF49\uFF43\uFF45")).singleElement()
			.satisfies((user) -> assertThat(user.get("user_id").asString()).isEqualTo(alice));
		assertThat(usersNamed("\u0430lice")).isEmpty();
		assertThat(usersNamed("\uFB01ona")).isEmpty();
	}

	@Test
	void forgotPasswordByEmailFindsTheUserUnderAnyCaseOrWidthOfItsAddress() {
		String local = "Dora-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse created = this.admin
			.post(users(),
					JSON.createObjectNode()
						.put("user_name", IdentityCenterFixtures.uniqueName("dora"))
						.set("emails", JSON.createArrayNode()
							.add(JSON.createObjectNode().put("value", local + "@Example.COM").put("primary", true)))
						.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String stored = local + "@example.com";
		assertThat(this.admin.get(users() + "/" + created.text("user_id"))
			.json()
			.get("emails")
			.get(0)
			.get("value")
			.asString()).as("the domain is stored lower-cased, the local part as given").isEqualTo(stored);

		HttpApi anonymous = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		List<String> spellings = List.of(local.toLowerCase() + "@example.com", local.toUpperCase() + "@EXAMPLE.COM",
				fullWidth(local) + "@\uFF45xample.com", local.replace('o', '\u043E') + "@example.com");
		for (String spelling : spellings) {
			assertThat(anonymous
				.postFromAddress(SelfServicePasswordResetController.PATH,
						JSON.createObjectNode().put("identity_store_id", this.store).put("email", spelling).toString())
				.status()).isEqualTo(202);
		}
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> resetRequestReasons(anonymous).size() >= spellings.size() && mailsTo(stored) >= 3);
		assertThat(resetRequestReasons(anonymous)).as("case and width variants find the user; a Cyrillic o does not")
			.containsExactlyInAnyOrder("a reset link was queued", "a reset link was queued", "a reset link was queued",
					"no link: no user matches");
		assertThat(mailsTo(stored)).isEqualTo(3);
	}

	private List<String> resetRequestReasons(HttpApi anonymous) {
		return this.jdbc.queryForList("""
				select reason from audit_event where event_type = 'PASSWORD_RESET_REQUESTED' and client_address = ?
				order by id""", String.class, anonymous.localAddress());
	}

	private int mailsTo(String address) {
		return this.jdbc.queryForObject("select count(*) from mail_outbox where recipient = ?", Integer.class, address);
	}

	private static String fullWidth(String ascii) {
		StringBuilder wide = new StringBuilder();
		ascii.chars().forEach((c) -> wide.appendCodePoint(Character.isLetterOrDigit(c) ? c - 0x21 + 0xFF01 : c));
		return wide.toString();
	}

	private List<JsonNode> usersNamed(String userName) {
		JsonNode users = this.admin.get(users() + "?user_name=" + URLEncoder.encode(userName, StandardCharsets.UTF_8))
			.json()
			.get("users");
		List<JsonNode> found = new ArrayList<>();
		users.forEach(found::add);
		return found;
	}

	private String createUser(String userName) {
		ApiResponse created = this.admin.post(users(), userNamed(userName));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String oneTimePassword(String userId) {
		ApiResponse reset = this.admin.post(users() + "/" + userId + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		return reset.text("password");
	}

	private ApiResponse rename(String userId, String userName) {
		return this.admin.put(users() + "/" + userId, JSON.createObjectNode()
			.set("operations", JSON.createArrayNode()
				.add(JSON.createObjectNode().put("attribute_path", "user_name").put("attribute_value", userName)))
			.toString());
	}

	private ApiResponse signIn(String userName, String password) {
		return this.admin.post("/v1/identity-stores/" + this.store + "/authenticate",
				JSON.createObjectNode().put("user_name", userName).put("password", password).toString());
	}

	private static String userNamed(String userName) {
		return JSON.createObjectNode().put("user_name", userName).toString();
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

	private record LookAlike(String name, String imitated, int status) {
	}

}
