package dev.passwordreset.api;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.server.port} set, scrapers read the metrics on that port without
 * credentials; the port users reach still does not serve them to anybody anonymous.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortMetricsTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theManagementPortServesTheMetricsWithoutCredentialsAndTheServicePortDoesNot() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		ApiResponse scraped = HttpApi.on(this.managementPort).get("/actuator/prometheus");
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.body()).contains("mail_outbox_pending ");
		assertThat(HttpApi.on(this.port).get("/actuator/prometheus").status()).isIn(401, 404);
		assertThat(HttpApi.on(this.managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);
	}

}
