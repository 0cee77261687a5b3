package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
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

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@ApiTest
class UserApiTests {

	@LocalServerPort
	int port;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void createdUserIsDescribedWithEveryHuaweiField() {
		ApiResponse created = this.admin.post(users(),
				"""
						{"user_name": "alice", "display_name": "Alice Liddell",
						 "name": {"family_name": "Liddell", "given_name": "Alice", "middle_name": "P",
						          "formatted": "Alice P. Liddell", "honorific_prefix": "Ms", "honorific_suffix": "III"},
						 "nickname": "al",
						 "emails": [{"value": "alice@example.com", "type": "work", "primary": true, "verification_status": "VERIFIED"},
						            {"value": "alice@home.example", "type": "home", "primary": false}],
						 "phone_numbers": [{"value": "+44 20 7946 0000", "type": "work", "primary": true}],
						 "locale": "en-GB", "preferred_language": "en", "timezone": "Europe/London", "title": "Engineer",
						 "user_type": "employee", "email_verified": true,
						 "distinguished_name": "cn=alice,ou=users,dc=example,dc=com"}
						""");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.text("identity_store_id")).isEqualTo(this.store);
		String userId = created.text("user_id");
		assertThat(UUID.fromString(userId)).isNotNull();
		assertThat(created.json().has("password")).isFalse();

		JsonNode user = this.admin.get(users() + "/" + userId).json();
		assertThat(user.get("user_id").asString()).isEqualTo(userId);
		assertThat(user.get("identity_store_id").asString()).isEqualTo(this.store);
		assertThat(user.get("user_name").asString()).isEqualTo("alice");
		assertThat(user.get("display_name").asString()).isEqualTo("Alice Liddell");
		assertThat(user.get("name").get("given_name").asString()).isEqualTo("Alice");
		assertThat(user.get("name").get("honorific_suffix").asString()).isEqualTo("III");
		assertThat(user.get("nickname").asString()).isEqualTo("al");
		assertThat(user.get("emails")).hasSize(2);
		assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo("alice@example.com");
		assertThat(user.get("emails").get(0).get("primary").asBoolean()).isTrue();
		assertThat(user.get("emails").get(0).get("verification_status").asString()).isEqualTo("VERIFIED");
		assertThat(user.get("emails").get(1).get("verification_status").asString()).isEqualTo("NOT_VERIFIED");
		assertThat(user.get("phone_numbers").get(0).get("value").asString()).isEqualTo("+44 20 7946 0000");
		assertThat(user.get("locale").asString()).isEqualTo("en-GB");
		assertThat(user.get("preferred_language").asString()).isEqualTo("en");
		assertThat(user.get("timezone").asString()).isEqualTo("Europe/London");
		assertThat(user.get("title").asString()).isEqualTo("Engineer");
		assertThat(user.get("user_type").asString()).isEqualTo("employee");
		assertThat(user.get("enabled").asBoolean()).isTrue();
		assertThat(user.get("email_verified").asBoolean()).isTrue();
		assertThat(user.get("distinguished_name").asString()).isEqualTo("cn=alice,ou=users,dc=example,dc=com");
		assertThat(user.get("password_change_required").asBoolean()).isFalse();
		assertThat(user.get("created_at").isIntegralNumber()).isTrue();
		assertThat(user.get("created_at").asLong()).isPositive();
		assertThat(user.get("created_by").asString()).isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThat(user.get("updated_by").asString()).isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThat(user.has("password")).isFalse();
		assertThat(user.has("password_hash")).isFalse();
	}

	@Test
	void userNamesAreUniquePerStoreWithoutRegardToCase() {
		assertThat(this.admin.post(users(), "{\"user_name\": \"Bob\"}").status()).isEqualTo(201);
		assertError(this.admin.post(users(), "{\"user_name\": \"bOB\"}"), 409, "IIC.1257");

		String otherStore = IdentityCenterFixtures.createStore(this.admin);
		assertThat(this.admin.post("/v1/identity-stores/" + otherStore + "/users", "{\"user_name\": \"bob\"}").status())
			.isEqualTo(201);
	}

	@Test
	void concurrentCreationOfOneUserNameSucceedsExactlyOnce() throws Exception {
		int callers = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<ApiResponse>> attempts = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			String spelling = (i % 2 == 0) ? "carol" : "CAROL";
			attempts.add(() -> {
				start.await();
				return this.admin.post(users(), "{\"user_name\": \"" + spelling + "\"}");
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			List<Future<ApiResponse>> futures = attempts.stream().map(pool::submit).toList();
			start.countDown();
			List<ApiResponse> responses = new ArrayList<>();
			for (Future<ApiResponse> future : futures) {
				responses.add(future.get());
			}
			assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(1);
			responses.stream()
				.filter((response) -> response.status() != 201)
				.forEach((response) -> assertError(response, 409, "IIC.1257"));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.admin.get(users() + "?user_name=carol").json().get("users")).hasSize(1);
	}

	@Test
	void listPagesThroughUsersWithMarkers() {
		for (String name : List.of("dave", "erin", "frank", "grace", "heidi")) {
			assertThat(this.admin.post(users(), "{\"user_name\": \"" + name + "\"}").status()).isEqualTo(201);
		}
		List<String> seen = new ArrayList<>();
		String marker = null;
		int pages = 0;
		do {
			ApiResponse page = this.admin.get(users() + "?limit=2" + ((marker != null) ? "&marker=" + marker : ""));
			assertThat(page.status()).isEqualTo(200);
			JsonNode body = page.json();
			body.get("users").forEach((user) -> seen.add(user.get("user_name").asString()));
			assertThat(body.get("page_info").get("current_count").asInt()).isEqualTo(body.get("users").size());
			JsonNode next = body.get("page_info").get("next_marker");
			marker = (next != null && !next.isNull()) ? next.asString() : null;
			pages++;
		}
		while (marker != null);
		assertThat(seen).containsExactly("dave", "erin", "frank", "grace", "heidi");
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void listFiltersByUserNameWithoutRegardToCase() {
		this.admin.post(users(), "{\"user_name\": \"ivan\"}");
		this.admin.post(users(), "{\"user_name\": \"judy\"}");
		JsonNode found = this.admin.get(users() + "?user_name=IVAN").json();
		assertThat(found.get("users")).hasSize(1);
		assertThat(found.get("users").get(0).get("user_name").asString()).isEqualTo("ivan");
		assertThat(this.admin.get(users() + "?user_name=nobody").json().get("users")).isEmpty();
	}

	@Test
	void listRejectsMarkersItDidNotIssueAndLimitsOutOfRange() {
		assertError(this.admin.get(users() + "?marker=%25%25%25"), 400, "IIC.400");
		assertError(this.admin.get(users() + "?limit=0"), 400, "IIC.400");
		assertError(this.admin.get(users() + "?limit=101"), 400, "IIC.400");
		assertError(this.admin.get(users() + "?limit=ten"), 400, "IIC.400");
	}

	@Test
	void updateAppliesOperationsInOrderAndKeepsOtherAttributes() {
		String userId = this.admin
			.post(users(),
					"""
							{"user_name": "kim", "display_name": "Kim", "title": "Dr", "emails": [{"value": "kim@example.com", "primary": true}]}
							""")
			.text("user_id");
		ApiResponse updated = this.admin.put(users() + "/" + userId,
				"""
						{"operations": [
						  {"attribute_path": "display_name", "attribute_value": "Kim K."},
						  {"attribute_path": "name.givenName", "attribute_value": "Kim"},
						  {"attribute_path": "emails", "attribute_value": "[{\\"value\\": \\"kim@work.example\\", \\"primary\\": true}]"},
						  {"attribute_path": "phone_numbers", "attribute_value": [{"value": "+1 555 0100", "primary": true}]},
						  {"attribute_path": "email_verified", "attribute_value": "true"},
						  {"attribute_path": "title", "attribute_value": null}
						]}
						""");
		assertThat(updated.status()).isEqualTo(200);
		JsonNode user = this.admin.get(users() + "/" + userId).json();
		assertThat(user.get("display_name").asString()).isEqualTo("Kim K.");
		assertThat(user.get("name").get("given_name").asString()).isEqualTo("Kim");
		assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo("kim@work.example");
		assertThat(user.get("phone_numbers").get(0).get("value").asString()).isEqualTo("+1 555 0100");
		assertThat(user.get("email_verified").asBoolean()).isTrue();
		assertThat(user.has("title")).isFalse();
		assertThat(user.get("user_name").asString()).isEqualTo("kim");
	}

	@Test
	void updateRefusesWhatCreateWouldRefuse() {
		String userId = this.admin.post(users(), "{\"user_name\": \"leo\"}").text("user_id");
		this.admin.post(users(), "{\"user_name\": \"mia\"}");
		assertError(op(userId, "user_name", "\"MIA\""), 409, "IIC.1257");
		assertError(op(userId, "user_name", "null"), 400, "IIC.400");
		assertError(op(userId, "password_hash", "\"x\""), 400, "IIC.400");
		assertError(op(userId, "distinguished_name", "\"not a dn\""), 400, "IIC.400");
		assertError(op(userId, "timezone", "\"Mars/Olympus\""), 400, "IIC.400");
		assertError(op(userId, "emails", "\"[{\\\"value\\\": \\\"no-at-sign\\\"}]\""), 400, "IIC.400");
		assertError(op(userId, "email_verified", "\"maybe\""), 400, "IIC.400");
		assertError(this.admin.put(users() + "/" + userId, "{\"operations\": []}"), 400, "IIC.400");
		assertThat(this.admin.get(users() + "/" + userId).json().get("user_name").asString()).isEqualTo("leo");
	}

	@Test
	void disableAndEnableChangeOnlyTheEnabledFlag() {
		String userId = this.admin.post(users(), "{\"user_name\": \"nina\", \"display_name\": \"Nina\"}")
			.text("user_id");
		assertThat(this.admin.post(users() + "/" + userId + "/disable").status()).isEqualTo(200);
		JsonNode disabled = this.admin.get(users() + "/" + userId).json();
		assertThat(disabled.get("enabled").asBoolean()).isFalse();
		assertThat(disabled.get("display_name").asString()).isEqualTo("Nina");
		assertThat(this.admin.post(users() + "/" + userId + "/enable").status()).isEqualTo(200);
		assertThat(this.admin.get(users() + "/" + userId).json().get("enabled").asBoolean()).isTrue();
	}

	@Test
	void deletedUserIsGoneAndItsNameIsFree() {
		String userId = this.admin
			.post(users(), "{\"user_name\": \"oscar\", \"emails\": [{\"value\": \"o@example.com\"}]}")
			.text("user_id");
		assertThat(this.admin.delete(users() + "/" + userId).status()).isEqualTo(200);
		assertError(this.admin.get(users() + "/" + userId), 404, "IIC.404");
		assertError(this.admin.delete(users() + "/" + userId), 404, "IIC.404");
		assertThat(this.admin.post(users(), "{\"user_name\": \"oscar\"}").status()).isEqualTo(201);
	}

	@Test
	void usersAreFoundOnlyInTheirOwnStore() {
		String userId = this.admin.post(users(), "{\"user_name\": \"pat\"}").text("user_id");
		String otherStore = IdentityCenterFixtures.createStore(this.admin);
		assertError(this.admin.get("/v1/identity-stores/" + otherStore + "/users/" + userId), 404, "IIC.404");
		assertError(this.admin.get("/v1/identity-stores/d-ffffffffff/users/" + userId), 404, "IIC.404");
		assertError(this.admin.get(users() + "/" + UUID.randomUUID()), 404, "IIC.404");
	}

	@Test
	void createWithPasswordModeEmailForAUserWithoutAnEmailIsRefusedAndCreatesNobody() {
		assertError(this.admin.post(users(), "{\"user_name\": \"quinn\", \"password_mode\": \"EMAIL\"}"), 400,
				"IIC.400");
		assertThat(this.admin.get(users() + "?user_name=quinn").json().get("users")).isEmpty();
	}

	private ApiResponse op(String userId, String path, String valueJson) {
		return this.admin.put(users() + "/" + userId,
				"{\"operations\": [{\"attribute_path\": \"" + path + "\", \"attribute_value\": " + valueJson + "}]}");
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

}
