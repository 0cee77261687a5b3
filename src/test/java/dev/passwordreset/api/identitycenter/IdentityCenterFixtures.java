package dev.passwordreset.api.identitycenter;

import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Things the API tests make for themselves, with unique names, since every API test class
 * shares one database.
 */
public final class IdentityCenterFixtures {

	private IdentityCenterFixtures() {
	}

	static String uniqueName(String prefix) {
		return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
	}

	static String createStore(HttpApi admin) {
		ApiResponse created = admin.post("/v1/identity-stores", "{\"name\": \"" + uniqueName("store") + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("identity_store_id");
	}

	public static String createAccount(HttpApi admin) {
		ApiResponse created = admin.post("/v1/organization/accounts", "{\"name\": \"" + uniqueName("account") + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("account_id");
	}

	public static dev.passwordreset.TestCredentials createAccessKey(HttpApi admin, String accountId) {
		ApiResponse created = admin.post("/v1/accounts/" + accountId + "/access-keys");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new dev.passwordreset.TestCredentials(created.json().get("credential").get("access").asString(),
				created.json().get("credential").get("secret").asString());
	}

}
