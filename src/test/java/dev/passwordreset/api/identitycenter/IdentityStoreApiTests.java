package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;

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
class IdentityStoreApiTests {

	@LocalServerPort
	int port;

	HttpApi admin;

	@BeforeEach
	void management() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	@Test
	void createdStoreHasAHuaweiStyleIdAndAnInstance() {
		String name = IdentityCenterFixtures.uniqueName("corp");
		ApiResponse created = this.admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\"}");
		assertThat(created.status()).isEqualTo(201);
		String storeId = created.text("identity_store_id");
		assertThat(storeId).matches("d-[0-9a-f]{10}");
		assertThat(created.text("name")).isEqualTo(name);

		JsonNode instance = allInstances().stream()
			.filter((candidate) -> candidate.get("identity_store_id").asString().equals(storeId))
			.findFirst()
			.orElseThrow();
		assertThat(instance.get("instance_id").asString()).matches("ins-[0-9a-f]{16}");
		assertThat(instance.get("alias").asString()).isEqualTo(name);
		assertThat(instance.get("instance_urn").asString()).isEqualTo("IdentityCenter::"
				+ TestCredentials.MANAGEMENT_ACCOUNT_ID + ":instance:" + instance.get("instance_id").asString());
	}

	@Test
	void instancesIncludeTheBootstrappedDefaultStore() {
		assertThat(allInstances())
			.anySatisfy((instance) -> assertThat(instance.get("alias").asString()).isEqualTo("default"));
	}

	@Test
	void instancesPageWithMarkers() {
		for (int i = 0; i < 3; i++) {
			IdentityCenterFixtures.createStore(this.admin);
		}
		ApiResponse first = this.admin.get("/v1/instances?limit=2");
		assertThat(first.json().get("instances")).hasSize(2);
		String marker = first.json().get("page_info").get("next_marker").asString();
		ApiResponse second = this.admin.get("/v1/instances?limit=2&marker=" + marker);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("instances").get(0).get("identity_store_id").asString())
			.isGreaterThan(first.json().get("instances").get(1).get("identity_store_id").asString());
	}

	@Test
	void storeNamesAreUniqueWithoutRegardToCaseAndValidated() {
		String name = IdentityCenterFixtures.uniqueName("dup");
		assertThat(this.admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
		assertError(this.admin.post("/v1/identity-stores", "{\"name\": \"" + name.toUpperCase() + "\"}"), 409,
				"IIC.1257");
		assertError(this.admin.post("/v1/identity-stores", "{\"name\": \"no spaces allowed\"}"), 400, "IIC.400");
		assertError(this.admin.post("/v1/identity-stores", "{}"), 400, "IIC.400");
	}

	@Test
	void summaryCountsUsersAndGroupsAgainstTheirQuotas() {
		String store = IdentityCenterFixtures.createStore(this.admin);
		this.admin.post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"one\"}");
		this.admin.post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"two\"}");
		this.admin.post("/v1/identity-stores/" + store + "/groups", "{\"display_name\": \"Only group\"}");
		JsonNode summary = this.admin.get("/v1/identity-stores/" + store + "/identity-store-summary").json();
		assertThat(summary.get("users").asLong()).isEqualTo(2);
		assertThat(summary.get("users_quota").asLong()).isEqualTo(10000);
		assertThat(summary.get("groups").asLong()).isEqualTo(1);
		assertThat(summary.get("groups_quota").asLong()).isEqualTo(10000);
		assertError(this.admin.get("/v1/identity-stores/d-ffffffffff/identity-store-summary"), 404, "IIC.404");
	}

	@Test
	void passwordPolicyStartsAtTheDefaultAndIsUpdatedPartially() {
		String store = IdentityCenterFixtures.createStore(this.admin);
		String policyPath = "/v1/identity-stores/" + store + "/password-policy";
		JsonNode initial = this.admin.get(policyPath).json().get("password_policy");
		assertThat(initial.get("minimum_password_length").asInt()).isEqualTo(8);
		assertThat(initial.get("maximum_password_length").asInt()).isEqualTo(128);
		assertThat(initial.get("require_symbols").asBoolean()).isFalse();

		ApiResponse updated = this.admin.put(policyPath, """
				{"password_policy": {"minimum_password_length": 12, "require_symbols": true, "max_password_age": 90}}
				""");
		assertThat(updated.status()).isEqualTo(200);
		this.admin.put(policyPath, "{\"password_policy\": {\"require_numbers\": true}}");
		assertThat(this.admin.put(policyPath, "{\"password_policy\": {\"maximum_password_length\": 256}}")
			.json()
			.get("password_policy")
			.get("maximum_password_length")
			.asInt()).isEqualTo(256);

		JsonNode policy = this.admin.get(policyPath).json().get("password_policy");
		assertThat(policy.get("minimum_password_length").asInt()).isEqualTo(12);
		assertThat(policy.get("maximum_password_length").asInt()).isEqualTo(256);
		assertThat(policy.get("require_symbols").asBoolean()).isTrue();
		assertThat(policy.get("require_numbers").asBoolean()).isTrue();
		assertThat(policy.get("require_uppercase_characters").asBoolean()).isFalse();
		assertThat(policy.get("max_password_age").asInt()).isEqualTo(90);

		String otherStore = IdentityCenterFixtures.createStore(this.admin);
		assertThat(this.admin.get("/v1/identity-stores/" + otherStore + "/password-policy")
			.json()
			.get("password_policy")
			.get("minimum_password_length")
			.asInt()).isEqualTo(8);
	}

	@Test
	void passwordPolicyRefusesValuesOutOfRange() {
		String store = IdentityCenterFixtures.createStore(this.admin);
		String policyPath = "/v1/identity-stores/" + store + "/password-policy";
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"minimum_password_length\": 7}}"), 400,
				"IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"minimum_password_length\": 129}}"), 400,
				"IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"max_password_age\": 0}}"), 400, "IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"maximum_password_length\": 63}}"), 400,
				"IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"maximum_password_length\": 1025}}"), 400,
				"IIC.400");
		assertError(
				this.admin.put(policyPath,
						"{\"password_policy\": {\"minimum_password_length\": 100, \"maximum_password_length\": 99}}"),
				400, "IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"password_reuse_prevention\": 25}}"), 400,
				"IIC.400");
		assertError(this.admin.put(policyPath, "{}"), 400, "IIC.400");
		assertError(this.admin.put(policyPath, "{\"password_policy\": {\"minimum_password_length\": 12.7}}"), 400,
				"IIC.400");
		assertError(this.admin.put("/v1/identity-stores/d-ffffffffff/password-policy",
				"{\"password_policy\": {\"require_numbers\": true}}"), 404, "IIC.404");
		JsonNode unchanged = this.admin.get(policyPath).json().get("password_policy");
		assertThat(unchanged.get("minimum_password_length").asInt()).isEqualTo(8);
		assertThat(unchanged.get("maximum_password_length").asInt()).isEqualTo(128);
	}

	@Test
	void aMaximumBelowTheMinimumIsRefusedWithAMessageNamingBoth() {
		String store = IdentityCenterFixtures.createStore(this.admin);
		String policyPath = "/v1/identity-stores/" + store + "/password-policy";
		assertThat(this.admin.put(policyPath, "{\"password_policy\": {\"minimum_password_length\": 100}}").status())
			.isEqualTo(200);
		ApiResponse refused = this.admin.put(policyPath, "{\"password_policy\": {\"maximum_password_length\": 64}}");
		assertError(refused, 400, "IIC.400");
		assertThat(refused.text("error_msg")).contains("maximum_password_length").contains("minimum_password_length");
		assertThat(this.admin.put(policyPath, "{\"password_policy\": {\"maximum_password_length\": 1024}}").status())
			.isEqualTo(200);
	}

	private List<JsonNode> allInstances() {
		List<JsonNode> instances = new ArrayList<>();
		String marker = null;
		do {
			JsonNode page = this.admin.get("/v1/instances" + ((marker != null) ? "?marker=" + marker : "")).json();
			page.get("instances").forEach(instances::add);
			JsonNode next = page.get("page_info").get("next_marker");
			marker = (next != null) ? next.asString() : null;
		}
		while (marker != null);
		return instances;
	}

}
