package dev.passwordreset.api;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.ClientAddresses;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whose address a request counts as: the TCP peer, unless the peer is a trusted proxy
 * ({@link ApiTest#TRUSTED_PROXY} here), and then the nearest untrusted address it
 * forwards. Shown through the self-service per-address limit (20 an hour) and the audit.
 */
@ApiTest
class TrustedProxyTests {

	private static final String SELF_SERVICE = "/v1/password-resets";

	private static final String BODY = "{\"identity_store_id\": \"d-0000000000\", \"user_name\": \"nobody\"}";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anUntrustedPeerInventingForwardedHeadersStillCountsAsItself() {
		HttpApi client = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());
		for (int i = 0; i < 25; i++) {
			String header = (i % 2 == 0) ? "X-Forwarded-For" : "Forwarded";
			String value = (i % 2 == 0) ? newClient() : "for=" + newClient();
			ApiResponse answer = client.header(header, value).postFromAddress(SELF_SERVICE, BODY);
			assertThat(answer.status()).as("request %d", i + 1).isEqualTo((i < 20) ? 202 : 429);
		}
	}

	@Test
	void behindTheTrustedProxyEachForwardedClientHasItsOwnLimit() {
		HttpApi proxy = HttpApi.on(this.port).from(ApiTest.TRUSTED_PROXY);
		for (int i = 0; i < 25; i++) {
			assertThat(proxy.header("X-Forwarded-For", newClient()).postFromAddress(SELF_SERVICE, BODY).status())
				.as("client %d", i + 1)
				.isEqualTo(202);
		}
		HttpApi oneClient = proxy.header("X-Forwarded-For", newClient());
		for (int i = 0; i < 20; i++) {
			assertThat(oneClient.postFromAddress(SELF_SERVICE, BODY).status()).isEqualTo(202);
		}
		assertThat(oneClient.postFromAddress(SELF_SERVICE, BODY).status()).isEqualTo(429);
	}

	@Test
	void theClientIsTheNearestUntrustedHopSoWhatItPrependsDoesNotCount() {
		String client = newClient();
		assertThat(clientAddressAudited("X-Forwarded-For", "6.6.6.6, " + client)).isEqualTo(client);
		assertThat(clientAddressAudited("X-Forwarded-For", client + ", " + ApiTest.TRUSTED_PROXY)).as("proxies skipped")
			.isEqualTo(client);
		assertThat(clientAddressAudited("Forwarded", "for=6.6.6.6, for=\"[2001:db8::17]:4711\";proto=https"))
			.isEqualTo("2001:db8::17");
		assertThat(clientAddressAudited("Forwarded", "for=" + client + ":8443")).isEqualTo(client);
		assertThat(clientAddressAudited("X-Forwarded-For", "unknown")).as("not an address: the proxy itself")
			.isEqualTo(ApiTest.TRUSTED_PROXY);
		assertThat(clientAddressAudited("X-Forwarded-For", "evil.example.com")).isEqualTo(ApiTest.TRUSTED_PROXY);
	}

	private String clientAddressAudited(String header, String value) {
		String requestId = "proxy-" + UUID.randomUUID().toString().substring(0, 8);
		ApiResponse answer = HttpApi.on(this.port)
			.from(ApiTest.TRUSTED_PROXY)
			.header(header, value)
			.header("X-Request-Id", requestId)
			.postFromAddress(SELF_SERVICE, BODY);
		assertThat(answer.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> !addressesOf(requestId).isEmpty());
		return addressesOf(requestId).get(0);
	}

	private List<String> addressesOf(String requestId) {
		return this.jdbc.queryForList("select client_address from audit_event where request_id = ?", String.class,
				requestId);
	}

	/**
	 * From 198.18.0.0/15, the benchmarking range: never a real client, and never one
	 * another test counts against the same limit.
	 */
	private static String newClient() {
		return ClientAddresses.forwarded();
	}

}
