package dev.passwordreset.api;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's controllers are looked up by {@link PathFirstHandlerMapping}, and a
 * route with path variables still answers a partial match as Spring would.
 */
@ApiTest
class HandlerMappingConfigurationTests {

	private static final String RESET_PATH = "/v1/identity-stores/d-0123456789/users/0123456789abcdef/reset-password";

	@LocalServerPort
	int port;

	@Autowired
	RequestMappingHandlerMapping requestMappingHandlerMapping;

	@Test
	void theControllersAreLookedUpPathFirst() {
		assertThat(this.requestMappingHandlerMapping).isInstanceOf(PathFirstHandlerMapping.class);
	}

	@Test
	void aResetWithAContentTypeItDoesNotTakeIsStillUnsupportedInTheFacesFormat() {
		ApiResponse response = HttpApi.on(this.port)
			.as(TestCredentials.MANAGEMENT)
			.send("POST", RESET_PATH, "text/plain", "mode=OTP");

		assertThat(response.status()).as(response.body()).isEqualTo(415);
		assertThat(response.json().path("error_code").asString()).isEqualTo("IIC.415");
	}

	@Test
	void aResetWithAMethodItDoesNotTakeIsStillNotAllowed() {
		ApiResponse response = HttpApi.on(this.port)
			.as(TestCredentials.MANAGEMENT)
			.send("PUT", RESET_PATH, "application/json", "{\"mode\":\"OTP\"}");

		assertThat(response.status()).as(response.body()).isEqualTo(405);
		assertThat(response.header("Allow")).contains("POST");
	}

}
