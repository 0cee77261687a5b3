package dev.passwordreset.api.identitycenter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every authentication failure and every denial of the {@code /v1} face lands in the
 * audit log, without a secret, and the management account reads it at
 * {@code GET /v1/audit-events}. Other tests write events into the same database, so each
 * test finds its own by account or request id.
 */
@ApiTest
class AuditEventApiTests {

	private static final String WRONG_SECRET = "WrongSecretWrongSecretWrongSecret0123456";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi anonymous;

	HttpApi admin;

	String memberAccountId;

	TestCredentials member;

	Instant started;

	@BeforeEach
	void accounts() {
		this.started = Instant.now().minusSeconds(60);
		this.anonymous = HttpApi.on(this.port);
		this.admin = this.anonymous.as(TestCredentials.MANAGEMENT);
		this.memberAccountId = IdentityCenterFixtures.createAccount(this.admin);
		this.member = IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId);
	}

	@Test
	void aWrongSecretIsRecordedWithTheClaimedKeyTheClientAndTheRequestId() {
		ApiResponse refused = this.anonymous.as(new TestCredentials(this.member.accessKeyId(), WRONG_SECRET))
			.get("/v1/organization");
		assertError(refused, 401, "APIGW.0301");

		JsonNode event = findByRequestId("type=AUTHENTICATION_FAILED", refused.header("X-Request-Id"));
		assertThat(event.get("type").asString()).isEqualTo("AUTHENTICATION_FAILED");
		assertThat(event.get("outcome").asString()).isEqualTo("FAILURE");
		assertThat(event.get("access_key_id").asString()).isEqualTo(this.member.accessKeyId());
		assertThat(event.get("client_address").asString()).isEqualTo("127.0.0.1");
		assertThat(event.get("resource").asString()).isEqualTo("/v1/organization");
		assertThat(event.get("reason").asString()).startsWith("BAD_CREDENTIALS: ");
		assertThat(event.get("event_id").asString()).isNotBlank();
		assertThat(Instant.parse(event.get("occurred_at").asString())).isAfter(this.started);
		assertThat(event.has("account_id")).as("a failed caller has no account").isFalse();
		assertThat(event.has("action")).isFalse();
		assertNoSecretIsStored(WRONG_SECRET, this.member.secret());
	}

	@Test
	void aSecretSentInPlaceOfTheKeyIdIsNeverRecorded() {
		String basic = Base64.getEncoder()
			.encodeToString((this.member.secret() + ":" + WRONG_SECRET).getBytes(StandardCharsets.UTF_8));
		ApiResponse basicRefused = this.anonymous.header("Authorization", "Basic " + basic).get("/v1/instances");
		ApiResponse signedRefused = this.anonymous
			.header("Authorization",
					"SDK-HMAC-SHA256 Access=" + this.member.secret() + ", SignedHeaders=host;x-sdk-date, Signature="
							+ "ab".repeat(32))
			.get("/v1/instances");
		assertError(basicRefused, 401, "APIGW.0301");
		assertError(signedRefused, 401, "APIGW.0301");

		JsonNode basicEvent = findByRequestId("type=AUTHENTICATION_FAILED", basicRefused.header("X-Request-Id"));
		JsonNode signedEvent = findByRequestId("type=AUTHENTICATION_FAILED", signedRefused.header("X-Request-Id"));
		assertThat(basicEvent.has("access_key_id")).isFalse();
		assertThat(signedEvent.has("access_key_id")).isFalse();
		assertThat(signedEvent.get("reason").asString()).startsWith("REQUEST_EXPIRED: ");
		assertNoSecretIsStored(WRONG_SECRET, this.member.secret());
	}

	@Test
	void aSignedRequestRecordsTheKeyItClaims() {
		ApiResponse refused = this.anonymous
			.header("Authorization",
					"SDK-HMAC-SHA256 Access=" + this.member.accessKeyId()
							+ ", SignedHeaders=host;x-sdk-date, Signature=" + "ab".repeat(32))
			.get("/v1/instances");
		assertError(refused, 401, "APIGW.0301");
		JsonNode event = findByRequestId("type=AUTHENTICATION_FAILED", refused.header("X-Request-Id"));
		assertThat(event.get("access_key_id").asString()).isEqualTo(this.member.accessKeyId());
	}

	@Test
	void aMemberAccountsDenialIsRecordedWithItsAccountKeyAndAction() {
		ApiResponse denied = this.anonymous.as(this.member).get("/v1/organization");
		assertError(denied, 403, "IIC.1000");

		List<JsonNode> events = list("account_id=" + this.memberAccountId);
		assertThat(events).hasSize(1);
		JsonNode event = events.get(0);
		assertThat(event.get("type").asString()).isEqualTo("ACCESS_DENIED");
		assertThat(event.get("outcome").asString()).isEqualTo("DENIED");
		assertThat(event.get("account_id").asString()).isEqualTo(this.memberAccountId);
		assertThat(event.get("access_key_id").asString()).isEqualTo(this.member.accessKeyId());
		assertThat(event.get("action").asString()).isEqualTo("organizations:organizations:get");
		assertThat(event.get("resource").asString()).isEqualTo("/v1/organization");
		assertThat(event.get("request_id").asString()).isEqualTo(denied.header("X-Request-Id"));
		assertThat(event.get("client_address").asString()).isEqualTo("127.0.0.1");
		assertThat(event.get("reason").asString()).startsWith("no allow:");
		assertNoSecretIsStored(this.member.secret());
	}

	@Test
	void eventsAreFilteredByTypeAccountAndTime() {
		String otherAccountId = IdentityCenterFixtures.createAccount(this.admin);
		TestCredentials other = IdentityCenterFixtures.createAccessKey(this.admin, otherAccountId);
		String older = this.anonymous.as(this.member).get("/v1/organization").header("X-Request-Id");
		this.anonymous.as(other).get("/v1/organization");
		String newer = this.anonymous.as(this.member).get("/v1/instances").header("X-Request-Id");
		this.anonymous.as(new TestCredentials(this.member.accessKeyId(), WRONG_SECRET)).get("/v1/instances");

		List<JsonNode> own = list("account_id=" + this.memberAccountId);
		assertThat(requestIds(own)).containsExactly(newer, older);
		assertThat(list("account_id=" + otherAccountId)).singleElement()
			.satisfies((event) -> assertThat(event.get("access_key_id").asString()).isEqualTo(other.accessKeyId()));
		assertThat(list("type=ACCESS_DENIED&account_id=" + this.memberAccountId)).hasSize(2);
		assertThat(list("type=AUTHENTICATION_FAILED&account_id=" + this.memberAccountId)).isEmpty();
		assertThat(list("type=AUTHENTICATION_FAILED&from=" + this.started)).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.get("type").asString()).isEqualTo("AUTHENTICATION_FAILED"));

		String newest = own.get(0).get("occurred_at").asString();
		String oldest = own.get(1).get("occurred_at").asString();
		String account = "&account_id=" + this.memberAccountId;
		assertThat(requestIds(list("from=" + newest + account))).as("from is inclusive").containsExactly(newer);
		assertThat(requestIds(list("to=" + newest + account))).as("to is exclusive").containsExactly(older);
		assertThat(requestIds(list("from=" + oldest + "&to=" + newest + account))).containsExactly(older);
		assertThat(list("to=" + oldest + account)).isEmpty();
		assertThat(list("from=" + Instant.parse(newest).plusSeconds(1) + account)).isEmpty();
	}

	@Test
	void pagesWithMarkersNewestFirst() {
		List<String> made = new ArrayList<>();
		for (String path : List.of("/v1/organization", "/v1/instances", "/v1/audit-events")) {
			ApiResponse denied = this.anonymous.as(this.member).get(path);
			assertThat(denied.status()).isEqualTo(403);
			made.add(0, denied.header("X-Request-Id"));
		}

		JsonNode first = page("account_id=" + this.memberAccountId + "&limit=2");
		assertThat(first.get("page_info").get("current_count").asInt()).isEqualTo(2);
		String marker = first.get("page_info").get("next_marker").asString();
		assertThat(marker).isNotBlank();
		JsonNode second = page("account_id=" + this.memberAccountId + "&limit=2&marker=" + marker);
		assertThat(second.get("page_info").get("current_count").asInt()).isEqualTo(1);
		assertThat(second.get("page_info").has("next_marker")).isFalse();

		List<JsonNode> events = new ArrayList<>();
		first.get("audit_events").forEach(events::add);
		second.get("audit_events").forEach(events::add);
		assertThat(requestIds(events)).containsExactlyElementsOf(made);
		List<Instant> times = events.stream()
			.map((event) -> Instant.parse(event.get("occurred_at").asString()))
			.toList();
		assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
		assertThat(events.stream().map((event) -> event.get("event_id").asString())).doesNotHaveDuplicates();
	}

	@Test
	void onlyTheManagementAccountReadsTheAuditLog() {
		assertError(this.anonymous.as(this.member).get("/v1/audit-events"), 403, "IIC.1000");
		String delegatedAccountId = IdentityCenterFixtures.createAccount(this.admin);
		TestCredentials delegated = IdentityCenterFixtures.createAccessKey(this.admin, delegatedAccountId);
		assertThat(this.admin.post("/v1/organization/delegated-administrators/" + delegatedAccountId).status())
			.isEqualTo(200);
		JsonNode error = assertError(
				this.anonymous.as(delegated).get("/v1/audit-events?account_id=" + delegatedAccountId), 403, "IIC.1000");
		assertThat(error.get("error_msg").asString()).isEqualTo("No permission for action audit:events:list.");
		assertError(this.anonymous.get("/v1/audit-events"), 401, "APIGW.0301");

		assertThat(list("account_id=" + delegatedAccountId)).singleElement().satisfies((event) -> {
			assertThat(event.get("action").asString()).isEqualTo("audit:events:list");
			assertThat(event.get("resource").asString()).as("no query string").isEqualTo("/v1/audit-events");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=101", "limit=ten", "limit=1.5", "type=NOPE", "type=access_denied",
			"from=yesterday", "to=2026-13-01T00:00:00Z", "from=2026-01-01", "marker=not-a-marker", "marker=MTIz",
			"marker=OTk5OTk5OTk5OTk5OTk5OTk5OS4wOjE", "marker=OTAwMDAwMDAwMDAwMDAwMDAwMC4wOjE",
			"account_id=NOT-AN-ACCOUNT", "account_id=", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z" })
	void badQueryParametersAreRefused(String query) {
		JsonNode error = assertError(this.admin.get("/v1/audit-events?" + query), 400, "IIC.400");
		assertThat(error.get("error_msg").asString()).startsWith("Bad Request: ");
	}

	private JsonNode page(String query) {
		ApiResponse response = this.admin.get("/v1/audit-events?" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("audit_events", "page_info");
		return response.json();
	}

	/** The first page, at most 100 events. */
	private List<JsonNode> list(String query) {
		List<JsonNode> events = new ArrayList<>();
		page(query).get("audit_events").forEach(events::add);
		return events;
	}

	/** Follows the markers until the event of the request turns up. */
	private JsonNode findByRequestId(String query, String requestId) {
		String marker = null;
		do {
			JsonNode page = page(query + "&from=" + this.started + ((marker != null) ? "&marker=" + marker : ""));
			for (JsonNode event : page.get("audit_events")) {
				if (event.has("request_id") && event.get("request_id").asString().equals(requestId)) {
					return event;
				}
			}
			JsonNode next = page.get("page_info").get("next_marker");
			marker = (next != null) ? next.asString() : null;
		}
		while (marker != null);
		throw new AssertionError("No audit event for request " + requestId);
	}

	private static List<String> requestIds(List<JsonNode> events) {
		return events.stream().map((event) -> event.get("request_id").asString()).toList();
	}

	/** No column of any audit row, nor the listing, holds any of the secrets. */
	private void assertNoSecretIsStored(String... secrets) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event");
		assertThat(rows).isNotEmpty();
		for (Map<String, Object> row : rows) {
			for (Object value : row.values()) {
				for (String secret : secrets) {
					assertThat(String.valueOf(value)).doesNotContain(secret);
				}
			}
		}
		String listing = this.admin.get("/v1/audit-events?from=" + this.started).body();
		for (String secret : secrets) {
			assertThat(listing).doesNotContain(secret);
		}
	}

}
