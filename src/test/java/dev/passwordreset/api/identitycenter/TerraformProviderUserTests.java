package dev.passwordreset.api.identitycenter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

/**
 * Huawei's Terraform provider, resource {@code huaweicloud_identitycenter_user}: its
 * create, update, read and delete requests replayed byte for byte from fixtures (see
 * {@code src/test/resources/terraform/identitycenter_user/README.md}). After each write,
 * the answer to the provider's read is turned into Terraform state the way its
 * {@code resourceIdentityCenterUserRead} does, and must equal the configuration that
 * wrote it: anything else is drift, a plan that never converges.
 */
@ApiTest
class TerraformProviderUserTests {

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
	void providerCreatesAUserFromOnlyTheRequiredArgumentsAndReadsItBackWithoutDrift() {
		String userId = create("create-required.json");
		// enabled is Optional+Computed: left unset it reads false, and the provider
		// disables the new user.
		assertThat(this.admin.post(user(userId) + "/disable").status()).isBetween(200, 204);

		JsonNode read = read(userId);
		assertThat(read.get("phone_numbers").isEmpty()).as("the valueless phone is dropped").isTrue();
		assertThat(stateFrom(read)).isEqualTo(state("tf-required", "Required", "Terraform", "Terraform Required",
				"tf-required@example.com", "", "", "", false, List.of(), List.of()));
	}

	@Test
	void providerCreatesAUserFromEveryArgumentAndReadsItBackWithoutDrift() {
		String userId = create("create-every-argument.json");

		Map<String, Object> expected = state("tf-every", "Everything", "Terraform", "Terraform Everything",
				"tf-every@example.com", "+86 755 2878 0808", "Engineer", "Employee", true,
				List.of(address("CN", "No. 1 Huawei Road, Longgang, Shenzhen 518129", "Shenzhen", "518129", "Guangdong",
						"No. 1 Huawei Road")),
				List.of(enterprise("CC-42", "Cloud", "Identity", "E1024", "Example Ltd", "")));
		assertThat(stateFrom(read(userId))).isEqualTo(expected);
		ApiResponse listed = this.admin.get(users() + "?user_name=tf-every");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(stateFrom(listed.json().get("users").get(0))).as("ListUsers agrees with DescribeUser")
			.isEqualTo(expected);
	}

	@Test
	void providerUpdatesEveryArgumentThenClearsTheOptionalOnesThenDeletesWithoutDrift() {
		String userId = create("create-every-argument.json");

		assertThat(update(userId, "update-every-argument.json").status()).isEqualTo(200);
		assertThat(stateFrom(read(userId)))
			.isEqualTo(state("tf-every", "Changed", "Terraform", "Terraform Changed", "tf-changed@example.com", "", "",
					"Contractor", true, List.of(address("DE", "", "Berlin", "10117", "", "Unter den Linden 1")),
					List.of(enterprise("", "Security", "", "E2048", "Example GmbH", "tf-manager"))));

		assertThat(update(userId, "update-clear-optional.json").status()).isEqualTo(200);
		assertThat(this.admin.post(user(userId) + "/disable").status()).isBetween(200, 204);
		JsonNode read = read(userId);
		assertThat(read.get("addresses").isEmpty()).isTrue();
		assertThat(stateFrom(read)).isEqualTo(state("tf-every", "Changed", "Terraform", "Terraform Changed",
				"tf-changed@example.com", "+49 30 1234567", "", "Contractor", false, List.of(), List.of()));

		assertThat(this.admin.delete(user(userId)).status()).isBetween(200, 204);
		// The provider's read takes a 404 for "deleted" (common.CheckDeletedDiag).
		assertError(this.admin.get(user(userId)), 404, "IIC.404");
	}

	private String create(String fixture) {
		ApiResponse created = this.admin.post(users(), fixture(fixture));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private ApiResponse update(String userId, String fixture) {
		ApiResponse updated = this.admin.put(user(userId), fixture(fixture));
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		return updated;
	}

	private JsonNode read(String userId) {
		ApiResponse read = this.admin.get(user(userId));
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		return read.json();
	}

	private static String fixture(String name) {
		try (InputStream in = TerraformProviderUserTests.class
			.getResourceAsStream("/terraform/identitycenter_user/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The provider's read: the JMESPath expressions of
	 * {@code resourceIdentityCenterUserRead} and its two flatten functions, with absent
	 * strings as the empty string Terraform stores.
	 */
	private static Map<String, Object> stateFrom(JsonNode user) {
		JsonNode address = user.path("addresses").path(0);
		JsonNode enterprise = user.path("enterprise");
		return state(text(user.path("user_name")), text(user.path("name").path("family_name")),
				text(user.path("name").path("given_name")), text(user.path("display_name")),
				text(user.path("emails").path(0).path("value")), text(user.path("phone_numbers").path(0).path("value")),
				text(user.path("title")), text(user.path("user_type")), user.path("enabled").asBoolean(false),
				(!address.isObject() || address.isEmpty()) ? List.of()
						: List.of(address(text(address.path("country")), text(address.path("formatted")),
								text(address.path("locality")), text(address.path("postal_code")),
								text(address.path("region")), text(address.path("street_address")))),
				// "enterprise format: {"enterprise":{"manager":{}}}": one key and no
				// manager is none.
				(!enterprise.isObject()
						|| (enterprise.size() == 1 && !enterprise.path("manager").path("value").isString()))
								? List.of()
								: List.of(enterprise(text(enterprise.path("cost_center")),
										text(enterprise.path("department")), text(enterprise.path("division")),
										text(enterprise.path("employee_number")), text(enterprise.path("organization")),
										text(enterprise.path("manager").path("value")))));
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.asString() : "";
	}

	private static Map<String, Object> state(String userName, String familyName, String givenName, String displayName,
			String email, String phoneNumber, String title, String userType, boolean enabled,
			List<Map<String, String>> addresses, List<Map<String, String>> enterprise) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("user_name", userName);
		state.put("family_name", familyName);
		state.put("given_name", givenName);
		state.put("display_name", displayName);
		state.put("email", email);
		state.put("phone_number", phoneNumber);
		state.put("title", title);
		state.put("user_type", userType);
		state.put("enabled", enabled);
		state.put("addresses", addresses);
		state.put("enterprise", enterprise);
		return state;
	}

	private static Map<String, String> address(String country, String formatted, String locality, String postalCode,
			String region, String streetAddress) {
		return Map.of("country", country, "formatted", formatted, "locality", locality, "postal_code", postalCode,
				"region", region, "street_address", streetAddress);
	}

	private static Map<String, String> enterprise(String costCenter, String department, String division,
			String employeeNumber, String organization, String manager) {
		return Map.of("cost_center", costCenter, "department", department, "division", division, "employee_number",
				employeeNumber, "organization", organization, "manager", manager);
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

	private String user(String userId) {
		return users() + "/" + userId;
	}

}
