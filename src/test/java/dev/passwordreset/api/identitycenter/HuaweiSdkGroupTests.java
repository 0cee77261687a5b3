package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.identitycenterstore.v1.IdentityCenterStoreClient;
import com.huaweicloud.sdk.identitycenterstore.v1.model.AlternateIdentifierDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.AttributeOperationDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupMembershipReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupMembershipRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupMembershipResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateGroupResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateUserReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateUserRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DeleteGroupMembershipRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DeleteGroupRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeGroupMembershipRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeGroupMembershipResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeGroupRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeGroupResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetGroupIdReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetGroupIdRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetGroupMembershipIdReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetGroupMembershipIdRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetUserIdReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GetUserIdRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.GroupDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.IsMemberInGroupsReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.IsMemberInGroupsRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.IsMemberInGroupsResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupMembershipsForMemberRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupMembershipsForMemberResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupMembershipsRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupMembershipsResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupsRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListGroupsResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.MemberIdDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UniqueAttributeDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UpdateGroupReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UpdateGroupRequest;
import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Huawei's official Java SDK ({@code huaweicloud-sdk-identitycenterstore} 3.1.143),
 * unchanged, driving every group and group-membership operation of its client, and
 * GetUserId, with a permanent key and with temporary credentials. Built as
 * {@link HuaweiSdkTests} builds its client.
 */
@ApiTest
class HuaweiSdkGroupTests {

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
	void sdkManagesGroupsAndMembershipsWithAPermanentKey() {
		manageGroupsAndMemberships(client(permanent()));
	}

	@Test
	void sdkManagesGroupsAndMembershipsWithTemporaryCredentials() {
		JsonNode credential = this.admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 900}")
			.json()
			.get("credential");
		manageGroupsAndMemberships(client(new BasicCredentials().withAk(credential.get("access").asString())
			.withSk(credential.get("secret").asString())
			.withSecurityToken(credential.get("securitytoken").asString())
			.withProjectId("0123456789abcdef0123456789abcdef")));
	}

	@Test
	void sdkPagesThroughGroupsWithTheMarkerItIsGiven() {
		IdentityCenterStoreClient client = client(permanent());
		for (String name : List.of("Page C", "page a", "Page B", "page e", "Page D")) {
			client.createGroup(new CreateGroupRequest().withIdentityStoreId(this.store)
				.withBody(new CreateGroupReqBody().withDisplayName(name)));
		}
		List<String> seen = new ArrayList<>();
		String marker = null;
		int pages = 0;
		do {
			ListGroupsResponse page = client
				.listGroups(new ListGroupsRequest().withIdentityStoreId(this.store).withLimit(2).withMarker(marker));
			assertThat(page.getPageInfo().getCurrentCount()).isEqualTo(page.getGroups().size());
			page.getGroups().forEach((group) -> seen.add(group.getDisplayName()));
			marker = page.getPageInfo().getNextMarker();
			pages++;
		}
		while (marker != null);
		assertThat(seen).containsExactly("page a", "Page B", "Page C", "Page D", "page e");
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void sdkSurfacesADuplicateGroupNameAsHuaweisConflict() {
		IdentityCenterStoreClient client = client(permanent());
		client.createGroup(new CreateGroupRequest().withIdentityStoreId(this.store)
			.withBody(new CreateGroupReqBody().withDisplayName("Auditors")));
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client.createGroup(new CreateGroupRequest().withIdentityStoreId(this.store)
				.withBody(new CreateGroupReqBody().withDisplayName("AUDITORS"))))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(409);
		assertThat(error.getErrorCode()).isEqualTo("IIC.1257");
		assertThat(error.getErrorMsg()).startsWith("Duplicate entity objects: ");
	}

	private void manageGroupsAndMemberships(IdentityCenterStoreClient client) {
		String alice = client
			.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName("group-alice")))
			.getUserId();
		assertThat(client.getUserId(new GetUserIdRequest().withIdentityStoreId(this.store)
			.withBody(new GetUserIdReqBody().withAlternateIdentifier(new AlternateIdentifierDto().withUniqueAttribute(
					new UniqueAttributeDto().withAttributePath("user_name").withAttributeValue("GROUP-ALICE")))))
			.getUserId()).isEqualTo(alice);

		CreateGroupResponse created = client.createGroup(new CreateGroupRequest().withIdentityStoreId(this.store)
			.withBody(new CreateGroupReqBody().withDisplayName("Engineering").withDescription("Builds things")));
		assertThat(created.getHttpStatusCode()).isEqualTo(201);
		assertThat(created.getIdentityStoreId()).isEqualTo(this.store);
		String groupId = created.getGroupId();
		String other = client
			.createGroup(new CreateGroupRequest().withIdentityStoreId(this.store)
				.withBody(new CreateGroupReqBody().withDisplayName("Finance")))
			.getGroupId();

		DescribeGroupResponse described = client
			.describeGroup(new DescribeGroupRequest().withIdentityStoreId(this.store).withGroupId(groupId));
		assertThat(described.getGroupId()).isEqualTo(groupId);
		assertThat(described.getIdentityStoreId()).isEqualTo(this.store);
		assertThat(described.getDisplayName()).isEqualTo("Engineering");
		assertThat(described.getDescription()).isEqualTo("Builds things");
		assertThat(described.getCreatedAt()).isPositive();
		assertThat(described.getUpdatedAt()).isGreaterThanOrEqualTo(described.getCreatedAt());

		ListGroupsResponse byName = client.listGroups(
				new ListGroupsRequest().withIdentityStoreId(this.store).withDisplayName("engineering").withLimit(10));
		assertThat(byName.getGroups()).extracting(GroupDto::getGroupId).containsExactly(groupId);
		assertThat(byName.getPageInfo().getCurrentCount()).isEqualTo(1);
		assertThat(client.listGroups(new ListGroupsRequest().withIdentityStoreId(this.store)).getGroups())
			.extracting(GroupDto::getDisplayName)
			.containsExactly("Engineering", "Finance");

		assertThat(client.getGroupId(new GetGroupIdRequest().withIdentityStoreId(this.store)
			.withBody(new GetGroupIdReqBody().withAlternateIdentifier(new AlternateIdentifierDto().withUniqueAttribute(
					new UniqueAttributeDto().withAttributePath("display_name").withAttributeValue("ENGINEERING")))))
			.getGroupId()).isEqualTo(groupId);

		assertThat(client.updateGroup(new UpdateGroupRequest().withIdentityStoreId(this.store)
			.withGroupId(groupId)
			.withBody(new UpdateGroupReqBody().withOperations(List.of(
					new AttributeOperationDto().withAttributePath("display_name").withAttributeValue("Platform"),
					new AttributeOperationDto().withAttributePath("description").withAttributeValue("Runs things")))))
			.getHttpStatusCode()).isEqualTo(200);
		DescribeGroupResponse updated = client
			.describeGroup(new DescribeGroupRequest().withIdentityStoreId(this.store).withGroupId(groupId));
		assertThat(updated.getDisplayName()).isEqualTo("Platform");
		assertThat(updated.getDescription()).isEqualTo("Runs things");
		assertThat(updated.getUpdatedBy()).isNotBlank();

		CreateGroupMembershipResponse joined = client
			.createGroupMembership(new CreateGroupMembershipRequest().withIdentityStoreId(this.store)
				.withBody(new CreateGroupMembershipReqBody().withGroupId(groupId)
					.withMemberId(new MemberIdDto().withUserId(alice))));
		assertThat(joined.getHttpStatusCode()).isEqualTo(201);
		assertThat(joined.getIdentityStoreId()).isEqualTo(this.store);
		String membershipId = joined.getMembershipId();

		DescribeGroupMembershipResponse membership = client.describeGroupMembership(
				new DescribeGroupMembershipRequest().withIdentityStoreId(this.store).withMembershipId(membershipId));
		assertThat(membership.getMembershipId()).isEqualTo(membershipId);
		assertThat(membership.getGroupId()).isEqualTo(groupId);
		assertThat(membership.getMemberId().getUserId()).isEqualTo(alice);
		assertThat(membership.getIdentityStoreId()).isEqualTo(this.store);

		ListGroupMembershipsResponse ofGroup = client.listGroupMemberships(
				new ListGroupMembershipsRequest().withIdentityStoreId(this.store).withGroupId(groupId).withLimit(10));
		assertThat(ofGroup.getGroupMemberships()).singleElement().satisfies((item) -> {
			assertThat(item.getMembershipId()).isEqualTo(membershipId);
			assertThat(item.getMemberId().getUserId()).isEqualTo(alice);
		});
		assertThat(ofGroup.getPageInfo().getCurrentCount()).isEqualTo(1);
		assertThat(ofGroup.getPageInfo().getNextMarker()).isNull();

		ListGroupMembershipsForMemberResponse ofUser = client.listGroupMembershipsForMember(
				new ListGroupMembershipsForMemberRequest().withIdentityStoreId(this.store).withUserId(alice));
		assertThat(ofUser.getGroupMemberships()).singleElement().satisfies((item) -> {
			assertThat(item.getMembershipId()).isEqualTo(membershipId);
			assertThat(item.getGroupId()).isEqualTo(groupId);
		});

		IsMemberInGroupsResponse asked = client
			.isMemberInGroups(new IsMemberInGroupsRequest().withIdentityStoreId(this.store)
				.withBody(new IsMemberInGroupsReqBody()
					.withGroupIds(List.of(groupId, other, UUID.randomUUID().toString()))
					.withMemberId(new MemberIdDto().withUserId(alice))));
		assertThat(asked.getResults()).extracting((result) -> result.getGroupId() + "=" + result.getMembershipExists())
			.containsExactly(groupId + "=true", other + "=false", asked.getResults().get(2).getGroupId() + "=false");
		assertThat(asked.getResults())
			.allSatisfy((result) -> assertThat(result.getMemberId().getUserId()).isEqualTo(alice));

		assertThat(client
			.getGroupMembershipId(new GetGroupMembershipIdRequest().withIdentityStoreId(this.store)
				.withBody(new GetGroupMembershipIdReqBody().withGroupId(groupId)
					.withMemberId(new MemberIdDto().withUserId(alice))))
			.getMembershipId()).isEqualTo(membershipId);

		client.deleteGroupMembership(
				new DeleteGroupMembershipRequest().withIdentityStoreId(this.store).withMembershipId(membershipId));
		assertThat(client
			.listGroupMemberships(
					new ListGroupMembershipsRequest().withIdentityStoreId(this.store).withGroupId(groupId))
			.getGroupMemberships()).isEmpty();
		ServiceResponseException gone = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client
				.describeGroupMembership(new DescribeGroupMembershipRequest().withIdentityStoreId(this.store)
					.withMembershipId(membershipId)))
			.actual();
		assertThat(gone.getHttpStatusCode()).isEqualTo(404);
		assertThat(gone.getErrorCode()).isEqualTo("IIC.404");

		client.deleteGroup(new DeleteGroupRequest().withIdentityStoreId(this.store).withGroupId(groupId));
		ServiceResponseException deleted = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client
				.describeGroup(new DescribeGroupRequest().withIdentityStoreId(this.store).withGroupId(groupId)))
			.actual();
		assertThat(deleted.getHttpStatusCode()).isEqualTo(404);
		assertThat(deleted.getErrorMsg()).startsWith("Not Found: group ");
	}

	private static BasicCredentials permanent() {
		return new BasicCredentials().withAk(TestCredentials.MANAGEMENT.accessKeyId())
			.withSk(TestCredentials.MANAGEMENT.secret())
			.withProjectId("0123456789abcdef0123456789abcdef");
	}

	private IdentityCenterStoreClient client(BasicCredentials credentials) {
		return IdentityCenterStoreClient.newBuilder()
			.withCredential(credentials)
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build();
	}

}
