package dev.passwordreset.api.identitycenter;

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
 * The parts of Huawei's user model beyond names, emails and phone numbers:
 * {@code addresses}, {@code enterprise} with its {@code manager}, {@code profile_url} and
 * {@code external_ids}.
 */
@ApiTest
class UserProfileAttributesApiTests {

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
	void createdProfileAttributesAreDescribedAndListedAsWritten() {
		String userId = create("""
				{"user_name": "grace",
				 "addresses": [{"street_address": "1 Main St\\nSuite 2", "locality": "Arlington", "region": "VA",
				                "postal_code": "22201", "country": "US", "formatted": "1 Main St, Arlington VA",
				                "type": "work", "primary": true},
				               {"locality": "Paris", "country": "FR", "type": "home"}],
				 "enterprise": {"employee_number": "701", "cost_center": "CC1", "organization": "Navy",
				                "division": "R&D", "department": "Compilers", "manager": {"value": "mgr-1"}},
				 "profile_url": "https://example.com/people/grace",
				 "external_ids": [{"issuer": "ldap.example.com", "id": "uid=grace"}]}
				""");

		JsonNode described = describe(userId);
		assertThat(described.get("addresses")).hasSize(2);
		JsonNode work = described.get("addresses").get(0);
		assertThat(work.get("street_address").asString()).isEqualTo("1 Main St\nSuite 2");
		assertThat(work.get("postal_code").asString()).isEqualTo("22201");
		assertThat(work.get("primary").asBoolean()).isTrue();
		JsonNode home = described.get("addresses").get(1);
		assertThat(home.get("locality").asString()).isEqualTo("Paris");
		assertThat(home.get("primary").asBoolean()).isFalse();
		assertThat(home.has("street_address")).isFalse();
		JsonNode enterprise = described.get("enterprise");
		assertThat(enterprise.get("employee_number").asString()).isEqualTo("701");
		assertThat(enterprise.get("division").asString()).isEqualTo("R&D");
		assertThat(enterprise.get("manager").get("value").asString()).isEqualTo("mgr-1");
		assertThat(described.get("profile_url").asString()).isEqualTo("https://example.com/people/grace");
		assertThat(described.get("external_ids")).singleElement().satisfies((externalId) -> {
			assertThat(externalId.get("issuer").asString()).isEqualTo("ldap.example.com");
			assertThat(externalId.get("id").asString()).isEqualTo("uid=grace");
		});

		JsonNode listed = this.admin.get(users() + "?user_name=grace").json().get("users").get(0);
		for (String field : new String[] { "addresses", "enterprise", "profile_url", "external_ids" }) {
			assertThat(listed.get(field)).as(field).isEqualTo(described.get(field));
		}
	}

	@Test
	void updateSetsAndClearsProfileAttributesByPath() {
		String userId = create("""
				{"user_name": "hopper", "enterprise": {"department": "Compilers", "manager": {"value": "mgr-1"}},
				 "profile_url": "https://example.com/hopper"}
				""");

		ApiResponse updated = this.admin.put(user(userId),
				"""
						{"operations": [
						  {"attribute_path": "enterprise.department", "attribute_value": "Languages"},
						  {"attribute_path": "enterprise.manager.value", "attribute_value": "mgr-2"},
						  {"attribute_path": "enterprise.costCenter", "attribute_value": "CC9"},
						  {"attribute_path": "addresses", "attribute_value": "[{\\"locality\\": \\"Oslo\\", \\"primary\\": true}]"},
						  {"attribute_path": "external_ids", "attribute_value": [{"issuer": "hr", "id": "42"}, {"issuer": "ad", "id": "42"}]},
						  {"attribute_path": "profileUrl", "attribute_value": null}]}
						""");
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		JsonNode described = describe(userId);
		assertThat(described.get("enterprise").get("department").asString()).isEqualTo("Languages");
		assertThat(described.get("enterprise").get("cost_center").asString()).isEqualTo("CC9");
		assertThat(described.get("enterprise").get("manager").get("value").asString()).isEqualTo("mgr-2");
		assertThat(described.get("addresses")).singleElement()
			.satisfies((address) -> assertThat(address.get("locality").asString()).isEqualTo("Oslo"));
		assertThat(described.get("external_ids")).hasSize(2);
		assertThat(described.has("profile_url")).isFalse();
		assertThat(updated.json().get("enterprise")).isEqualTo(described.get("enterprise"));

		assertThat(this.admin.put(user(userId), """
				{"operations": [{"attribute_path": "enterprise", "attribute_value": null},
				                {"attribute_path": "addresses", "attribute_value": "[]"},
				                {"attribute_path": "external_ids"}]}
				""").status()).isEqualTo(200);
		described = describe(userId);
		assertThat(described.get("enterprise").propertyNames()).as("Huawei's shape of no enterprise")
			.containsExactly("manager");
		assertThat(described.get("enterprise").get("manager").isEmpty()).isTrue();
		assertThat(described.get("addresses").isEmpty()).isTrue();
		assertThat(described.get("external_ids").isEmpty()).isTrue();
	}

	@Test
	void phoneNumbersAndEmailsWithoutAValueAreDroppedNotRefused() {
		String userId = create("""
				{"user_name": "valueless",
				 "emails": [{"type": "Work", "primary": true}, {"value": "kept@example.com", "type": "home"}],
				 "phone_numbers": [{"primary": true, "type": "Work"}, {"value": "  ", "type": "home"}]}
				""");
		JsonNode described = describe(userId);
		assertThat(described.get("emails")).singleElement()
			.satisfies((email) -> assertThat(email.get("value").asString()).isEqualTo("kept@example.com"));
		assertThat(described.get("phone_numbers").isEmpty()).isTrue();

		assertThat(
				op(userId, "phone_numbers", "\"[{\\\"primary\\\":true,\\\"type\\\":\\\"Work\\\",\\\"value\\\":null}]\"")
					.status())
			.isEqualTo(200);
		assertThat(op(userId, "emails", "[{\"primary\": true, \"value\": null}]").status()).isEqualTo(200);
		described = describe(userId);
		assertThat(described.get("phone_numbers").isEmpty()).isTrue();
		assertThat(described.get("emails").isEmpty()).isTrue();
	}

	@Test
	void profileAttributesAtTheirLimitsAreTakenAndPastThemRefusedWithAClearMessage() {
		String userId = create("""
				{"user_name": "limits", "addresses": [{"postal_code": "%s", "country": "%s"}],
				 "enterprise": {"department": "%s", "employee_number": "%s", "manager": {"value": "%s"}},
				 "external_ids": [{"issuer": "%s", "id": "%s"}],
				 "profile_url": "https://example.com/%s"}
				""".formatted("9".repeat(32), "C".repeat(64), "d".repeat(256), "7".repeat(64), "m".repeat(256),
				"i".repeat(256), "x".repeat(256), "p".repeat(1024 - "https://example.com/".length())));

		refused(op(userId, "addresses", "[{\"postal_code\": \"" + "9".repeat(33) + "\"}]"),
				"addresses[].postal_code must be at most 32 characters");
		refused(op(userId, "addresses", "[{\"formatted\": \"" + "f".repeat(1025) + "\"}]"),
				"addresses[].formatted must be at most 1024 characters");
		refused(op(userId, "addresses", "[{\"locality\": \"tab\\there\"}]"), "addresses[].locality");
		refused(op(userId, "addresses",
				"[{\"locality\": \"a\", \"primary\": true}, {\"locality\": \"b\", \"primary\": true}]"),
				"at most one address may be primary");
		refused(op(userId, "addresses", "[" + "{\"locality\": \"a\"},".repeat(10) + "{\"locality\": \"a\"}]"),
				"at most 10 addresses");
		refused(op(userId, "enterprise.department", "\"" + "d".repeat(257) + "\""),
				"enterprise.department must be at most 256 characters");
		refused(op(userId, "enterprise.manager.value", "\"" + "m".repeat(257) + "\""),
				"enterprise.manager.value must be at most 256 characters");
		refused(op(userId, "enterprise", "\"[1, 2]\""), "attribute_value of enterprise is not valid");
		refused(op(userId, "enterprise", "{\"manager\": \"not an object\"}"), "attribute_value of enterprise");
		refused(op(userId, "profile_url", "\"javascript:alert(1)\""),
				"profile_url must be an absolute http or https URL");
		refused(op(userId, "profile_url", "\"/people/relative\""), "profile_url must be an absolute http or https URL");
		refused(op(userId, "profile_url", "\"https://example.com/" + "p".repeat(1024) + "\""),
				"profile_url must be at most 1024 characters");
		refused(op(userId, "external_ids", "[{\"id\": \"no-issuer\"}]"),
				"external_ids[] must each have an id and an issuer");
		refused(op(userId, "external_ids",
				"[{\"issuer\": \"hr\", \"id\": \"1\"}, {\"issuer\": \"hr\", \"id\": \"1\"}]"), "must not repeat");
		refused(op(userId, "external_ids", "[{\"issuer\": \"hr\", \"id\": \"" + "x".repeat(257) + "\"}]"),
				"external_ids[].id must be at most 256 characters");
		refused(op(userId, "addresses", "\"not json\""), "attribute_value of addresses is not valid");
		refused(this.admin.post(users(), """
				{"user_name": "refused", "addresses": [{"country": "%s"}]}
				""".formatted("C".repeat(65))), "addresses[].country must be at most 64 characters");
		refused(this.admin.post(users(), """
				{"user_name": "refused", "profile_url": "ftp://example.com/x"}
				"""), "profile_url");

		JsonNode unchanged = describe(userId);
		assertThat(unchanged.get("addresses").get(0).get("country").asString()).isEqualTo("C".repeat(64));
		assertThat(unchanged.get("enterprise").get("department").asString()).isEqualTo("d".repeat(256));
		assertThat(this.admin.get(users() + "?user_name=refused").json().get("users").isEmpty()).isTrue();
	}

	private void refused(ApiResponse response, String message) {
		JsonNode error = assertError(response, 400, "IIC.400");
		assertThat(error.get("error_msg").asString()).contains(message);
	}

	private String create(String json) {
		ApiResponse created = this.admin.post(users(), json);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private JsonNode describe(String userId) {
		ApiResponse described = this.admin.get(user(userId));
		assertThat(described.status()).as(described.body()).isEqualTo(200);
		return described.json();
	}

	private ApiResponse op(String userId, String path, String valueJson) {
		return this.admin.put(user(userId),
				"{\"operations\": [{\"attribute_path\": \"" + path + "\", \"attribute_value\": " + valueJson + "}]}");
	}

	private String users() {
		return "/v1/identity-stores/" + this.store + "/users";
	}

	private String user(String userId) {
		return users() + "/" + userId;
	}

}
