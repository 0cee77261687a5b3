package dev.passwordreset.api.identitycenter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.passwordreset.api.identitycenter.IdentityCenterAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules groups and memberships keep, over HTTP: unique display names, memberships
 * only within a store and only once, and memberships gone with their user or group.
 */
@ApiTest
class GroupApiTests {

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
	}

	@Test
	void deletingAUserRemovesItsMemberships() {
		String user = createUser("leaver");
		String stayer = createUser("stayer");
		String first = createGroup("First");
		String second = createGroup("Second");
		String leaving = join(first, user);
		join(second, user);
		String staying = join(first, stayer);

		assertThat(this.admin.delete(path("/users/" + user)).status()).isEqualTo(200);

		assertError(this.admin.get(path("/group-memberships/" + leaving)), 404, "IIC.404");
		assertThat(membershipIds(this.admin.get(path("/group-memberships?group_id=" + first))))
			.containsExactly(staying);
		assertThat(membershipIds(this.admin.get(path("/group-memberships?group_id=" + second)))).isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from group_membership where user_id = cast(? as uuid)",
				Integer.class, user))
			.isZero();
	}

	@Test
	void deletingAGroupRemovesItsMemberships() {
		String user = createUser("member");
		String doomed = createGroup("Doomed");
		String kept = createGroup("Kept");
		String gone = join(doomed, user);
		String remaining = join(kept, user);

		assertThat(this.admin.delete(path("/groups/" + doomed)).status()).isEqualTo(200);

		assertError(this.admin.get(path("/groups/" + doomed)), 404, "IIC.404");
		assertError(this.admin.get(path("/group-memberships/" + gone)), 404, "IIC.404");
		assertThat(membershipIds(this.admin.get(path("/group-memberships-for-member?user_id=" + user))))
			.containsExactly(remaining);
		assertThat(this.admin.get(path("/identity-store-summary")).json().get("groups").asLong()).isEqualTo(1);
	}

	@Test
	void aDisplayNameDifferingOnlyInCaseOrSpacingConflicts() {
		createGroup("Site Reliability");
		assertError(this.admin.post(path("/groups"), "{\"display_name\": \"site reliability\"}"), 409, "IIC.1257");
		assertError(this.admin.post(path("/groups"), "{\"display_name\": \"  SITE   Reliability \"}"), 409, "IIC.1257");
		String other = createGroup("Operations");
		assertError(this.admin.put(path("/groups/" + other), """
				{"operations": [{"attribute_path": "display_name", "attribute_value": "SITE RELIABILITY"}]}
				"""), 409, "IIC.1257");
		assertThat(this.admin.get(path("/groups/" + other)).text("display_name")).isEqualTo("Operations");
		// The same name in another store is another group.
		String otherStore = IdentityCenterFixtures.createStore(this.admin);
		assertThat(this.admin
			.post("/v1/identity-stores/" + otherStore + "/groups", "{\"display_name\": \"Site Reliability\"}")
			.status()).isEqualTo(201);
	}

	@Test
	void pagingWalksEveryGroupExactlyOnce() {
		Set<String> created = new HashSet<>();
		for (int i = 0; i < 23; i++) {
			created.add(createGroup("Group " + (char) ('A' + i % 26) + i));
		}
		List<String> seen = new ArrayList<>();
		String marker = null;
		do {
			ApiResponse page = this.admin.get(path("/groups?limit=5" + ((marker != null) ? "&marker=" + marker : "")));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			JsonNode json = page.json();
			json.get("groups").forEach((group) -> seen.add(group.get("group_id").asString()));
			assertThat(json.get("page_info").get("current_count").asInt()).isEqualTo(json.get("groups").size());
			JsonNode next = json.get("page_info").get("next_marker");
			marker = (next != null && !next.isNull()) ? next.asString() : null;
		}
		while (marker != null);
		assertThat(seen).hasSize(23).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(created);
		assertError(this.admin.get(path("/groups?marker=not-a-marker!")), 400, "IIC.400");
	}

	@Test
	void membershipsPageByIdAndWalkEveryMemberOnce() {
		String group = createGroup("Crowd");
		Set<String> made = new HashSet<>();
		for (int i = 0; i < 7; i++) {
			made.add(join(group, createUser("crowd-" + i)));
		}
		List<String> seen = new ArrayList<>();
		String marker = null;
		do {
			JsonNode page = this.admin
				.get(path("/group-memberships?group_id=" + group + "&limit=3"
						+ ((marker != null) ? "&marker=" + marker : "")))
				.json();
			page.get("group_memberships").forEach((m) -> seen.add(m.get("membership_id").asString()));
			JsonNode next = page.get("page_info").get("next_marker");
			marker = (next != null && !next.isNull()) ? next.asString() : null;
		}
		while (marker != null);
		assertThat(seen).hasSize(7).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(made);
	}

	@Test
	void aMemberOrGroupOfAnotherStoreIsRefused() {
		String group = createGroup("Home");
		String otherStore = IdentityCenterFixtures.createStore(this.admin);
		String foreignUser = this.admin
			.post("/v1/identity-stores/" + otherStore + "/users", "{\"user_name\": \"foreigner\"}")
			.text("user_id");
		String foreignGroup = this.admin
			.post("/v1/identity-stores/" + otherStore + "/groups", "{\"display_name\": \"Abroad\"}")
			.text("group_id");
		String localUser = createUser("local");

		JsonNode error = assertError(this.admin.post(path("/group-memberships"), membership(group, foreignUser)), 404,
				"IIC.404");
		assertThat(error.get("error_msg").asString()).isEqualTo("Not Found: user " + foreignUser + ".");
		error = assertError(this.admin.post(path("/group-memberships"), membership(foreignGroup, localUser)), 404,
				"IIC.404");
		assertThat(error.get("error_msg").asString()).isEqualTo("Not Found: group " + foreignGroup + ".");
		assertThat(this.jdbc.queryForObject("select count(*) from group_membership where identity_store_id = ?",
				Integer.class, this.store))
			.isZero();
	}

	@Test
	void aSecondMembershipOfTheSameUserConflicts() {
		String group = createGroup("Once");
		String user = createUser("once");
		String first = join(group, user);
		JsonNode error = assertError(this.admin.post(path("/group-memberships"), membership(group, user)), 409,
				"IIC.1257");
		assertThat(error.get("error_msg").asString()).contains("already a member");
		assertThat(this.admin.post(path("/group-memberships/retrieve-group-membership-id"), membership(group, user))
			.text("membership_id")).isEqualTo(first);
	}

	@Test
	void malformedGroupRequestsAreRefusedWithHuaweisBadRequest() {
		assertError(this.admin.post(path("/groups"), "{}"), 400, "IIC.400");
		assertError(this.admin.post(path("/groups"), "{\"display_name\": \"bad\\u0007name\"}"), 400, "IIC.400");
		String group = createGroup("Valid");
		assertError(this.admin.put(path("/groups/" + group), """
				{"operations": [{"attribute_path": "members", "attribute_value": "x"}]}
				"""), 400, "IIC.400");
		assertError(this.admin.put(path("/groups/" + group), """
				{"operations": [{"attribute_path": "display_name", "attribute_value": null}]}
				"""), 400, "IIC.400");
		assertError(this.admin.get(path("/group-memberships")), 400, "IIC.400");
		assertError(this.admin.get(path("/groups/not-a-uuid")), 400, "IIC.400");
		assertError(this.admin.post(path("/group-memberships"), "{\"group_id\": \"x\", \"member_id\": {}}"), 400,
				"IIC.400");
		assertError(
				this.admin.post(path("/groups/retrieve-group-id"),
						"""
								{"alternate_identifier": {"unique_attribute": {"attribute_path": "description", "attribute_value": "x"}}}
								"""),
				400, "IIC.400");
		assertError(
				this.admin.post(path("/groups/retrieve-group-id"),
						"""
								{"alternate_identifier": {"unique_attribute": {"attribute_path": "DisplayName", "attribute_value": "nope"}}}
								"""),
				404, "IIC.404");
		assertError(this.admin.post(path("/users/retrieve-user-id"), """
				{"alternate_identifier": {"external_id": {"id": "1", "issuer": "scim"}}}
				"""), 404, "IIC.404");
	}

	@Test
	void groupAndMembershipWritesAreAuditedWhetherTheySucceedOrAreRefused() {
		this.started = Instant.now().minusSeconds(1);
		String group = createGroup("Audited");
		assertError(this.admin.post(path("/groups"), "{\"display_name\": \"AUDITED\"}"), 409, "IIC.1257");
		assertThat(this.admin.put(path("/groups/" + group), """
				{"operations": [{"attribute_path": "description", "attribute_value": "Audited writes"}]}
				""").status()).isEqualTo(200);
		String other = createGroup("Other");
		assertError(this.admin.put(path("/groups/" + group), """
				{"operations": [{"attribute_path": "display_name", "attribute_value": "other"}]}
				"""), 409, "IIC.1257");
		String user = createUser("audited");
		String membership = join(group, user);
		assertError(this.admin.post(path("/group-memberships"), membership(group, user)), 409, "IIC.1257");
		String unknownUser = UUID.randomUUID().toString();
		assertError(this.admin.post(path("/group-memberships"), membership(group, unknownUser)), 404, "IIC.404");
		assertThat(this.admin.delete(path("/group-memberships/" + membership)).status()).isEqualTo(200);
		assertError(this.admin.delete(path("/group-memberships/" + membership)), 404, "IIC.404");
		assertThat(this.admin.delete(path("/groups/" + group)).status()).isEqualTo(200);
		assertError(this.admin.delete(path("/groups/" + group)), 404, "IIC.404");

		String groups = "identitystore/" + this.store + "/group";
		assertThat(auditOf("GROUP_CREATED")).containsExactly(
				"SUCCESS identitystore:group:create " + groups + "/" + other + " the group was created",
				"FAILURE identitystore:group:create " + groups + " refused: duplicate group name",
				"SUCCESS identitystore:group:create " + groups + "/" + group + " the group was created");
		assertThat(auditOf("GROUP_UPDATED")).containsExactly(
				"FAILURE identitystore:group:update " + groups + "/" + group + " refused: duplicate group name",
				"SUCCESS identitystore:group:update " + groups + "/" + group + " the group's attributes were changed");
		String member = groups + "/" + group + "/member/";
		assertThat(auditOf("GROUP_MEMBERSHIP_CREATED")).containsExactly(
				"FAILURE identitystore:groupMembership:create " + member + unknownUser + " refused: user not found",
				"FAILURE identitystore:groupMembership:create " + member + user + " refused: duplicate membership",
				"SUCCESS identitystore:groupMembership:create " + member + user + " the user was added to the group");
		String memberships = "identitystore/" + this.store + "/group-membership/";
		assertThat(auditOf("GROUP_MEMBERSHIP_DELETED")).containsExactly(
				"FAILURE identitystore:groupMembership:delete " + memberships + membership
						+ " refused: membership not found",
				"SUCCESS identitystore:groupMembership:delete " + memberships + membership
						+ " the user was removed from the group");
		assertThat(auditOf("GROUP_DELETED")).containsExactly(
				"FAILURE identitystore:group:delete " + groups + "/" + group + " refused: group not found",
				"SUCCESS identitystore:group:delete " + groups + "/" + group
						+ " the group and its memberships were deleted");
	}

	/**
	 * This store's audit records of a type, newest first, as "outcome action resource
	 * reason".
	 */
	private List<String> auditOf(String type) {
		return IdentityCenterAssertions.auditOf(this.admin, type, this.started, "identitystore/" + this.store + "/");
	}

	private String createUser(String userName) {
		ApiResponse created = this.admin.post(path("/users"), "{\"user_name\": \"" + userName + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("user_id");
	}

	private String createGroup(String displayName) {
		ApiResponse created = this.admin.post(path("/groups"), "{\"display_name\": \"" + displayName + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("group_id");
	}

	private String join(String groupId, String userId) {
		ApiResponse created = this.admin.post(path("/group-memberships"), membership(groupId, userId));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.text("membership_id");
	}

	private static String membership(String groupId, String userId) {
		return "{\"group_id\": \"" + groupId + "\", \"member_id\": {\"user_id\": \"" + userId + "\"}}";
	}

	private static List<String> membershipIds(ApiResponse response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().get("group_memberships").forEach((m) -> ids.add(m.get("membership_id").asString()));
		return ids;
	}

	private String path(String suffix) {
		return "/v1/identity-stores/" + this.store + suffix;
	}

}
