package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.identity.AccountRole;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.CredentialKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HEAD} asks what {@code GET} asks: a member's key that may not read a route may
 * not probe it either. The attack this closes: {@code HEAD} answered 200 where
 * {@code GET} was 403, and its {@code Content-Length} or 200-against-404 told whether a
 * user or an id existed, unaudited.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadRequestAuthorizationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	HttpApi admin;

	HttpApi member;

	String memberAccountId;

	String otherAccountId;

	String store;

	@BeforeAll
	void accounts() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
		this.memberAccountId = IdentityCenterFixtures.createAccount(this.admin);
		this.member = HttpApi.on(this.port)
			.as(IdentityCenterFixtures.createAccessKey(this.admin, this.memberAccountId));
		this.otherAccountId = IdentityCenterFixtures.createAccount(this.admin);
	}

	@Test
	void aMemberIsRefusedHeadOnEveryGetRouteItIsRefusedWithoutABodyAndAudited() {
		Caller asMember = new Caller(this.memberAccountId, "AKHEADTEST0000000001", AccountRole.MEMBER,
				CredentialKind.PERMANENT_KEY);
		List<IdentityCenterAction> refused = new ArrayList<>();
		for (IdentityCenterAction action : IdentityCenterAction.values()) {
			String path = path(action.route().pattern());
			if (!action.route().method().equals(HttpMethod.GET)
					|| action.audience().admits(asMember, this.otherAccountId)) {
				continue;
			}
			refused.add(action);
			String requestId = "head-" + UUID.randomUUID().toString().replace("-", "");
			ApiResponse get = this.member.get(path);
			ApiResponse head = this.member.header("X-Request-Id", requestId).send("HEAD", path, null, null);

			assertThat(get.status()).as("GET %s", path).isEqualTo(403);
			assertThat(head.status()).as("HEAD %s", path).isEqualTo(403);
			assertThat(head.body()).as("HEAD %s", path).isEmpty();
			Map<String, Object> audited = this.jdbc.queryForMap(
					"select event_type, account_id, action, resource from audit_event where request_id = ?", requestId);
			assertThat(audited).containsEntry("event_type", "ACCESS_DENIED")
				.containsEntry("account_id", this.memberAccountId)
				.containsEntry("action", action.actionName())
				.containsEntry("resource", path);
		}
		assertThat(refused).as("the routes the attack found")
			.contains(IdentityCenterAction.LIST_USERS, IdentityCenterAction.DESCRIBE_USER,
					IdentityCenterAction.DESCRIBE_ORGANIZATION, IdentityCenterAction.LIST_ACCESS_KEYS,
					IdentityCenterAction.LIST_AUDIT_EVENTS, IdentityCenterAction.LIST_INSTANCES,
					IdentityCenterAction.DESCRIBE_PASSWORD_POLICY);
	}

	@Test
	void headOfAnExistingAndAMissingUserLookTheSameToAMember() {
		String users = "/v1/identity-stores/" + this.store + "/users";
		ApiResponse created = this.admin.post(users, "{\"user_name\": \"" + IdentityCenterFixtures.uniqueName("head")
				+ "\", \"display_name\": \"Head Test\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		ApiResponse existing = this.member.send("HEAD", users + "/" + created.text("user_id"), null, null);
		ApiResponse missing = this.member.send("HEAD", users + "/" + UUID.randomUUID(), null, null);
		assertThat(existing.status()).isEqualTo(missing.status()).isEqualTo(403);
		assertThat(existing.body()).isEqualTo(missing.body()).isEmpty();
	}

	/** Reads of another account's keys, of this test's store and of users in it. */
	private String path(String pattern) {
		return pattern.replace("{identity_store_id}", this.store)
			.replace("{user_id}", UUID.randomUUID().toString())
			.replace("{group_id}", UUID.randomUUID().toString())
			.replace("{membership_id}", UUID.randomUUID().toString())
			.replace("{account_id}", this.otherAccountId);
	}

}
