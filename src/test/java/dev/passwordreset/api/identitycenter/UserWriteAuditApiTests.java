package dev.passwordreset.api.identitycenter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * User writes over HTTP leave an audit row each: SUCCESS in the change's own transaction,
 * so it commits or rolls back with the change, and FAILURE with the refusal's kind once a
 * refused change rolled back. No row holds a password or what the caller typed.
 */
@ApiTest
class UserWriteAuditApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	String store;

	Instant started;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
		this.started = Instant.now().minusSeconds(1);
	}

	@Test
	void userWritesAreAuditedWhetherTheySucceedOrAreRefused() {
		String user = createUser("{\"user_name\": \"audited\"}");
		assertError(this.admin.post(path("/users"), "{\"user_name\": \"AUDITED\"}"), 409, "IIC.1257");
		assertThat(this.admin.put(path("/users/" + user), displayName("Audited User")).status()).isEqualTo(200);
		assertError(this.admin.put(path("/users/" + user), """
				{"operations": [{"attribute_path": "emails", "attribute_value": "not a list"}]}
				"""), 400, "IIC.400");
		assertThat(this.admin.post(path("/users/" + user + "/disable")).status()).isEqualTo(200);
		assertThat(this.admin.post(path("/users/" + user + "/enable")).status()).isEqualTo(200);
		String unknown = UUID.randomUUID().toString();
		assertError(this.admin.post(path("/users/" + unknown + "/disable")), 404, "IIC.404");
		assertError(this.admin.post(path("/users/" + unknown + "/enable")), 404, "IIC.404");
		assertThat(this.admin.delete(path("/users/" + user)).status()).isEqualTo(200);
		assertError(this.admin.delete(path("/users/" + user)), 404, "IIC.404");

		String users = "identitystore/" + this.store + "/user";
		assertThat(auditOf("USER_CREATED")).containsExactly(
				"FAILURE identitystore:user:create " + users + " refused: duplicate user name",
				"SUCCESS identitystore:user:create " + users + "/" + user + " the user was created");
		assertThat(auditOf("USER_UPDATED")).containsExactly(
				"FAILURE identitystore:user:update " + users + "/" + user + " refused: invalid attribute",
				"SUCCESS identitystore:user:update " + users + "/" + user + " the user's attributes were changed");
		assertThat(auditOf("USER_DISABLED")).containsExactly(
				"FAILURE identitystore:user:disable " + users + "/" + unknown + " refused: user not found",
				"SUCCESS identitystore:user:disable " + users + "/" + user + " the user was disabled");
		assertThat(auditOf("USER_ENABLED")).containsExactly(
				"FAILURE identitystore:user:enable " + users + "/" + unknown + " refused: user not found",
				"SUCCESS identitystore:user:enable " + users + "/" + user + " the user was enabled");
		assertThat(auditOf("USER_DELETED")).containsExactly(
				"FAILURE identitystore:user:delete " + users + "/" + user + " refused: user not found",
				"SUCCESS identitystore:user:delete " + users + "/" + user
						+ " the user and its group memberships were deleted");
	}

	@Test
	void aCreationInAStoreThatDoesNotExistIsAuditedWithoutRepeatingAnIdNoStoreCouldHave() {
		this.store = "d-" + Long.toHexString(System.nanoTime());
		assertError(this.admin.post(path("/users"), "{\"user_name\": \"nobody\"}"), 404, "IIC.404");
		assertThat(auditOf("USER_CREATED")).containsExactly(
				"FAILURE identitystore:user:create identitystore/" + this.store + "/user refused: store not found");

		// A path segment that no store id has, in case a caller typed a secret there.
		ApiResponse odd = this.admin.post("/v1/identity-stores/Granite%20Harbor%2177/users",
				"{\"user_name\": \"nobody\"}");
		assertThat(odd.status()).isBetween(400, 404);
		assertThat(auditJson()).doesNotContain("Granite");
	}

	@Test
	void createUserWithAPasswordModeAuditsTheCreationButNeitherThePasswordNorWhatWasTyped() {
		// A user name and display name that look like passwords, as a careless caller
		// might type: the audit names the user by id only.
		String userName = "Quartz.Meadow-4471";
		ApiResponse response = this.admin.post(path("/users"), """
				{"user_name": "%s", "display_name": "Velvet-Orbit-9920", "password_mode": "OTP",
				 "emails": [{"value": "otp-audit@example.com", "primary": true}]}
				""".formatted(userName));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		String password = response.text("password");
		String user = response.text("user_id");
		assertThat(password).hasSizeGreaterThanOrEqualTo(12);
		assertError(this.admin.post(path("/users"), """
				{"user_name": "%s", "password_mode": "OTP"}
				""".formatted(userName.toUpperCase())), 409, "IIC.1257");
		String emailUser = createUser("""
				{"user_name": "Linen.Comet-3308", "password_mode": "EMAIL",
				 "emails": [{"value": "email-audit@example.com", "primary": true}]}
				""");

		String users = "identitystore/" + this.store + "/user";
		assertThat(auditOf("USER_CREATED")).containsExactly(
				"SUCCESS identitystore:user:create " + users + "/" + emailUser + " the user was created",
				"FAILURE identitystore:user:create " + users + " refused: duplicate user name",
				"SUCCESS identitystore:user:create " + users + "/" + user + " the user was created");
		assertThat(auditOf("PASSWORD_RESET")).hasSize(2);
		String audit = auditJson();
		assertThat(audit).contains(user)
			.doesNotContain(password)
			.doesNotContainIgnoringCase(userName)
			.doesNotContain("Velvet-Orbit-9920")
			.doesNotContain("Linen.Comet-3308")
			.doesNotContain("otp-audit@example.com");
	}

	/**
	 * The fault is the database's own: a check constraint refuses the reset link's mail,
	 * which CreateUser in EMAIL mode queues in the transaction that created the user and
	 * already inserted its success row (its id is generated by the insert, so it is
	 * written at once).
	 */
	@Test
	void aCreationTheDatabaseRefusesAfterItsSuccessRowWasWrittenLeavesNeitherTheUserNorTheRow() {
		String recipient = "refused-" + Long.toHexString(System.nanoTime()) + "@example.com";
		String constraint = "ck_audit_fault_" + Long.toHexString(System.nanoTime());
		this.jdbc.execute(
				"alter table mail_outbox add constraint " + constraint + " check (recipient <> '" + recipient + "')");
		ApiResponse refused;
		try {
			refused = this.admin.post(path("/users"), """
					{"user_name": "never-created", "password_mode": "EMAIL",
					 "emails": [{"value": "%s", "primary": true}]}
					""".formatted(recipient));
		}
		finally {
			this.jdbc.execute("alter table mail_outbox drop constraint " + constraint);
		}

		assertThat(refused.status()).as(refused.body()).isBetween(400, 599).isNotEqualTo(500);
		assertThat(this.jdbc.queryForObject("select count(*) from store_user where identity_store_id = ?",
				Integer.class, this.store))
			.isZero();
		assertThat(auditOf("USER_CREATED"))
			.containsExactly("FAILURE identitystore:user:create identitystore/" + this.store + "/user failed");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where outcome = 'SUCCESS'"
						+ " and resource like ? and occurred_at >= ?",
				Integer.class, "identitystore/" + this.store + "/%", java.sql.Timestamp.from(this.started)))
			.as("no success row of the store: neither USER_CREATED nor PASSWORD_RESET")
			.isZero();
		assertThat(this.admin.get(path("/users?user_name=never-created")).json().get("users")).isEmpty();
	}

	private String createUser(String body) {
		ApiResponse created = this.admin.post(path("/users"), body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private static String displayName(String value) {
		return "{\"operations\": [{\"attribute_path\": \"display_name\", \"attribute_value\": \"" + value + "\"}]}";
	}

	private List<String> auditOf(String type) {
		return IdentityCenterAssertions.auditOf(this.admin, type, this.started, "identitystore/" + this.store + "/");
	}

	/** Every audit row since the test started, as the API answers them. */
	private String auditJson() {
		return this.admin.get("/v1/audit-events?limit=100&from=" + this.started).body();
	}

	private String path(String suffix) {
		return "/v1/identity-stores/" + this.store + suffix;
	}

}
