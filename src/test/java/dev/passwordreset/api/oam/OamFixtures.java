package dev.passwordreset.api.oam;

import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestSecrets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stores, users and calls the OAM tests make for themselves. Stores and users are made
 * through the Huawei face, as an administrator would; every name is unique, since the API
 * tests share one database.
 */
final class OamFixtures {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String MFA = "/oam/services/rest/auth/api/v1/mfa";

	static final String PSWD = "/oam/services/rest/access/api/v1/pswdmanagement";

	/** A password no policy of the tests refuses, and no test user's name is part of. */
	static final String GOOD_PASSWORD = "Quartz-Meadow-Lantern-42";

	private OamFixtures() {
	}

	static String uniqueName(String prefix) {
		return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
	}

	/** A new store; answers its id and its name, which is what OAM calls IDSTOREREF. */
	static Store createStore(HttpApi admin) {
		return createStore(admin, uniqueName("oam"));
	}

	static Store createStore(HttpApi admin, String name) {
		ApiResponse created = admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Store(created.text("identity_store_id"), name);
	}

	static String createUser(HttpApi admin, Store store, String userName, @Nullable String email, @Nullable String dn) {
		ObjectNode user = JSON.createObjectNode().put("user_name", userName);
		if (email != null) {
			user.putArray("emails").addObject().put("value", email).put("primary", true);
		}
		if (dn != null) {
			user.put("distinguished_name", dn);
		}
		ApiResponse created = admin.post("/v1/identity-stores/" + store.id() + "/users", user.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	static ApiResponse createOtp(HttpApi admin, Store store, String userName, String channel, String appName,
			@Nullable String sessionId) {
		ObjectNode body = JSON.createObjectNode()
			.put("appName", appName)
			.put("deliveryChannel", channel)
			.put("userId", userName)
			.put("idStore", store.name());
		if (sessionId != null) {
			body.put("sessionId", sessionId);
		}
		return admin.post(MFA + "/createOTP", body.toString());
	}

	/** A code handed back by the custom channel: its correlation id and the code. */
	static Issued issueCustom(HttpApi admin, Store store, String userName, String appName) {
		ApiResponse created = createOtp(admin, store, userName, "custom", appName, null);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		Issued issued = new Issued(created.text("correlationId"), created.text("minorCode"));
		TestSecrets.remember(issued.code());
		return issued;
	}

	static ObjectNode otp(Store store, String userName, String appName, Issued issued) {
		return JSON.createObjectNode()
			.put("appName", appName)
			.put("correlationId", issued.correlationId())
			.put("otpCode", issued.code())
			.put("userId", userName)
			.put("idStore", store.name());
	}

	static ApiResponse validateOtp(HttpApi admin, ObjectNode otp) {
		return admin.post(MFA + "/validateOTP", otp.toString());
	}

	static ApiResponse resetWithOtp(HttpApi admin, String pathAndQuery, ObjectNode otp, String password,
			@Nullable ObjectNode username) {
		TestSecrets.remember(password);
		ObjectNode body = JSON.createObjectNode();
		body.set("otp", otp);
		body.put("password", password);
		if (username != null) {
			body.set("username", username);
		}
		return admin.post(PSWD + "/PasswordResetRequestsWithOTP" + pathAndQuery, body.toString());
	}

	static ObjectNode username(Store store, String userName, @Nullable String dn) {
		ObjectNode username = JSON.createObjectNode()
			.put("username", userName)
			.put("idstoreref", store.name())
			.put("tenantname", "systemTenant");
		if (dn != null) {
			username.put("dn", dn);
		}
		return username;
	}

	/** Checks a sign-in through the Huawei face's authenticate call; its status. */
	static int signIn(HttpApi admin, Store store, String userName, String password) {
		return signInAnswer(admin, store, userName, password).status();
	}

	/** Checks a sign-in through the Huawei face's authenticate call; its whole answer. */
	static ApiResponse signInAnswer(HttpApi admin, Store store, String userName, String password) {
		TestSecrets.remember(password);
		return admin.post("/v1/identity-stores/" + store.id() + "/authenticate",
				JSON.createObjectNode().put("user_name", userName).put("password", password).toString());
	}

	/** OAM's PasswordResetRequests: the user's own change, with the current password. */
	static ApiResponse changePassword(HttpApi admin, Store store, String userName, String current, String chosen) {
		TestSecrets.remember(current);
		TestSecrets.remember(chosen);
		return admin.post(PSWD + "/PasswordResetRequests/" + userName + "/" + store.name(),
				JSON.createObjectNode().put("originalpassword", current).put("newpassword", chosen).toString());
	}

	/**
	 * The LDAP store of this name ({@code reset.ldap.stores.<name>} configures its
	 * directory), created by the first test that needs it.
	 */
	static Store ldapStore(HttpApi admin, String name) {
		ApiResponse created = admin.post("/v1/identity-stores", "{\"name\": \"" + name + "\", \"kind\": \"ldap\"}");
		if (created.status() == 201) {
			assertThat(created.text("kind")).isEqualTo("ldap");
			return new Store(created.text("identity_store_id"), name);
		}
		assertThat(created.status()).as(created.body()).isEqualTo(409);
		for (JsonNode store : admin.get("/v1/instances?limit=100").json().get("instances")) {
			if (store.get("alias").asString().equals(name)) {
				return new Store(store.get("identity_store_id").asString(), name);
			}
		}
		throw new IllegalStateException("store " + name + " exists but is not listed");
	}

	record Store(String id, String name) {
	}

	record Issued(String correlationId, String code) {
	}

}
