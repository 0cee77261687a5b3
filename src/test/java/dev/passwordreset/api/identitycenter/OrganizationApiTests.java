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

@ApiTest
class OrganizationApiTests {

	@LocalServerPort
	int port;

	HttpApi admin;

	@BeforeEach
	void management() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	@Test
	void organizationShowsTheBootstrappedManagementAccount() {
		ApiResponse response = this.admin.get("/v1/organization");
		assertThat(response.status()).isEqualTo(200);
		JsonNode organization = response.json();
		assertThat(organization.get("organization_id").asString()).startsWith("o-");
		assertThat(organization.get("management_account_id").asString())
			.isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
		JsonNode management = organization.get("accounts").get(0);
		assertThat(management.get("account_id").asString()).isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThat(management.get("management_account").asBoolean()).isTrue();
		assertThat(management.get("delegated_administrator").asBoolean()).isFalse();
	}

	@Test
	void createdAccountJoinsTheOrganization() {
		String name = IdentityCenterFixtures.uniqueName("finance");
		ApiResponse created = this.admin.post("/v1/organization/accounts",
				"{\"name\": \"" + name + "\", \"email\": \"finance@example.com\"}");
		assertThat(created.status()).isEqualTo(201);
		String accountId = created.text("account_id");
		assertThat(accountId).matches("[0-9a-f]{32}");
		assertThat(created.text("email")).isEqualTo("finance@example.com");

		JsonNode accounts = this.admin.get("/v1/organization").json().get("accounts");
		assertThat(accounts.valueStream().map((account) -> account.get("account_id").asString())).contains(accountId);
	}

	@Test
	void accountNamesAreUniqueWithoutRegardToCase() {
		String name = IdentityCenterFixtures.uniqueName("ops");
		assertThat(this.admin.post("/v1/organization/accounts", "{\"name\": \"" + name + "\"}").status())
			.isEqualTo(201);
		assertError(this.admin.post("/v1/organization/accounts", "{\"name\": \"" + name.toUpperCase() + "\"}"), 409,
				"IIC.1257");
	}

	@Test
	void accountCreationRefusesInvalidNamesAndEmails() {
		assertError(this.admin.post("/v1/organization/accounts", "{\"name\": \"has space\"}"), 400, "IIC.400");
		assertError(this.admin.post("/v1/organization/accounts", "{\"name\": \"\"}"), 400, "IIC.400");
		assertError(this.admin.post("/v1/organization/accounts", "{}"), 400, "IIC.400");
		assertError(
				this.admin.post("/v1/organization/accounts",
						"{\"name\": \"" + IdentityCenterFixtures.uniqueName("x") + "\", \"email\": \"not-an-email\"}"),
				400, "IIC.400");
	}

	@Test
	void delegatedAdministratorIsRegisteredOnceAndCanBeRemoved() {
		String accountId = IdentityCenterFixtures.createAccount(this.admin);
		ApiResponse registered = this.admin.post("/v1/organization/delegated-administrators/" + accountId);
		assertThat(registered.status()).isEqualTo(200);
		assertThat(registered.json().get("delegated_administrator").asBoolean()).isTrue();
		assertError(this.admin.post("/v1/organization/delegated-administrators/" + accountId), 409, "IIC.1257");
		assertThat(accountIn(accountId).get("delegated_administrator").asBoolean()).isTrue();

		assertThat(this.admin.delete("/v1/organization/delegated-administrators/" + accountId).status()).isEqualTo(204);
		assertThat(accountIn(accountId).get("delegated_administrator").asBoolean()).isFalse();
		assertError(this.admin.delete("/v1/organization/delegated-administrators/" + accountId), 404, "IIC.404");
	}

	@Test
	void unknownAccountsCannotBeDelegatedTo() {
		assertError(this.admin.post("/v1/organization/delegated-administrators/ffffffffffffffffffffffffffffffff"), 404,
				"IIC.404");
	}

	private JsonNode accountIn(String accountId) {
		return this.admin.get("/v1/organization")
			.json()
			.get("accounts")
			.valueStream()
			.filter((account) -> account.get("account_id").asString().equals(accountId))
			.findFirst()
			.orElseThrow();
	}

}
