package dev.passwordreset.api.identitycenter;

import java.util.List;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.identitycenterstore.v1.IdentityCenterStoreClient;
import com.huaweicloud.sdk.identitycenterstore.v1.model.AddressDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.AttributeOperationDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateUserReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateUserRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.CreateUserResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DeleteUserRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeUserRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeUserResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.EmailDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.EnterpriseDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ExternalIdDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListUsersRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListUsersResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ManagerDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.PhoneNumberDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.NameDto;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UpdateUserReqBody;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UpdateUserRequest;
import dev.passwordreset.ApiTest;
import dev.passwordreset.api.identitycenter.ResetPwdModeClient.ResetPwdModeRequest;
import dev.passwordreset.api.identitycenter.ResetPwdModeClient.ResetPwdModeResponse;
import dev.passwordreset.api.identitycenter.ResetPwdModeClient.UpdatePwdModeReqBody;
import dev.passwordreset.HttpApi;
import dev.passwordreset.TestCredentials;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Huawei's official Java SDK ({@code huaweicloud-sdk-identitycenterstore} 3.1.143),
 * unchanged, against the running service: its signer, its HTTP stack and its JSON models.
 */
@ApiTest
class HuaweiSdkTests {

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	HttpApi admin;

	String store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = IdentityCenterFixtures.createStore(this.admin);
	}

	@Test
	void sdkManagesAUserFromCreationToDeletion() {
		manageAUserFromCreationToDeletion(client(TestCredentials.MANAGEMENT));
	}

	@Test
	void sdkManagesAUserWithTemporaryCredentialsAndTheirSecurityToken() {
		JsonNode credential = this.admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 900}")
			.json()
			.get("credential");
		manageAUserFromCreationToDeletion(temporaryCredentialsClient(credential));
	}

	/**
	 * IAM's usual way: temporary credentials minted with a token,
	 * {@code "methods": ["token"]}.
	 */
	@Test
	void sdkManagesAUserWithTemporaryCredentialsMintedWithAToken() {
		String token = this.admin.post("/v1/auth/tokens").json().get("access_token").asString();
		JsonNode credential = HttpApi.on(this.port)
			.header("X-Auth-Token", token)
			.post("/v3.0/OS-CREDENTIAL/securitytokens", """
					{"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 900}}}}""")
			.json()
			.get("credential");
		manageAUserFromCreationToDeletion(temporaryCredentialsClient(credential));
	}

	@Test
	void sdkWithATemporaryKeyButNoSecurityTokenIsRefused() {
		JsonNode credential = this.admin.post("/v3.0/OS-CREDENTIAL/securitytokens").json().get("credential");
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client(
					new TestCredentials(credential.get("access").asString(), credential.get("secret").asString()))
				.listUsers(new ListUsersRequest().withIdentityStoreId(this.store)))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(401);
		assertThat(error.getErrorCode()).isEqualTo("IIC.4011");
	}

	/**
	 * The SDK as a caller with temporary credentials configures it: the key, its secret
	 * and its token.
	 */
	private IdentityCenterStoreClient temporaryCredentialsClient(JsonNode credential) {
		return IdentityCenterStoreClient.newBuilder()
			.withCredential(temporaryCredentials(credential))
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build();
	}

	private static BasicCredentials temporaryCredentials(JsonNode credential) {
		return new BasicCredentials().withAk(credential.get("access").asString())
			.withSk(credential.get("secret").asString())
			.withSecurityToken(credential.get("securitytoken").asString())
			.withProjectId("0123456789abcdef0123456789abcdef");
	}

	private void manageAUserFromCreationToDeletion(IdentityCenterStoreClient client) {
		CreateUserResponse created = client.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
			.withBody(new CreateUserReqBody().withUserName("sdk-user")
				.withDisplayName("SDK User")
				.withName(new NameDto().withGivenName("Sdk").withFamilyName("User"))
				.withEmails(List.of(new EmailDto().withValue("sdk@example.com").withPrimary(true).withType("work")))
				.withPreferredLanguage("en")));
		assertThat(created.getHttpStatusCode()).isEqualTo(201);
		assertThat(created.getIdentityStoreId()).isEqualTo(this.store);
		String userId = created.getUserId();

		ListUsersResponse listed = client
			.listUsers(new ListUsersRequest().withIdentityStoreId(this.store).withUserName("SDK-USER").withLimit(10));
		assertThat(listed.getUsers()).singleElement().satisfies((user) -> {
			assertThat(user.getUserId()).isEqualTo(userId);
			assertThat(user.getEmails()).singleElement().satisfies((email) -> {
				assertThat(email.getValue()).isEqualTo("sdk@example.com");
				assertThat(email.getPrimary()).isTrue();
			});
		});
		assertThat(listed.getPageInfo().getCurrentCount()).isEqualTo(1);

		client.updateUser(new UpdateUserRequest().withIdentityStoreId(this.store)
			.withUserId(userId)
			.withBody(new UpdateUserReqBody().withOperations(List.of(
					new AttributeOperationDto().withAttributePath("display_name").withAttributeValue("Renamed by SDK"),
					new AttributeOperationDto().withAttributePath("title").withAttributeValue("Engineer")))));

		DescribeUserResponse described = client
			.describeUser(new DescribeUserRequest().withIdentityStoreId(this.store).withUserId(userId));
		assertThat(described.getUserName()).isEqualTo("sdk-user");
		assertThat(described.getDisplayName()).isEqualTo("Renamed by SDK");
		assertThat(described.getTitle()).isEqualTo("Engineer");
		assertThat(described.getName().getGivenName()).isEqualTo("Sdk");
		assertThat(described.getEnabled()).isTrue();
		assertThat(described.getCreatedBy()).isEqualTo(TestCredentials.MANAGEMENT_ACCOUNT_ID);
		assertThat(described.getCreatedAt()).isPositive();

		client.deleteUser(new DeleteUserRequest().withIdentityStoreId(this.store).withUserId(userId));
		assertThat(this.admin.get("/v1/identity-stores/" + this.store + "/users/" + userId).status()).isEqualTo(404);
	}

	@Test
	void sdkWritesAndReadsBackAddressesEnterpriseProfileUrlAndExternalIds() {
		IdentityCenterStoreClient client = client(TestCredentials.MANAGEMENT);
		String userId = client
			.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName("sdk-profile")
					.withEmails(List.of(new EmailDto().withValue("profile@example.com").withPrimary(true)))
					.withPhoneNumbers(List.of(new PhoneNumberDto().withPrimary(true).withType("Work")))
					.withAddresses(List.of(new AddressDto().withStreetAddress("1 Harbour Rd")
						.withLocality("Hong Kong")
						.withPostalCode("999077")
						.withCountry("HK")
						.withType("work")
						.withPrimary(true)))
					.withEnterprise(new EnterpriseDto().withEmployeeNumber("E7")
						.withDepartment("Cloud")
						.withManager(new ManagerDto().withValue("boss-1")))
					.withProfileUrl("https://example.com/sdk-profile")))
			.getUserId();

		DescribeUserResponse created = client
			.describeUser(new DescribeUserRequest().withIdentityStoreId(this.store).withUserId(userId));
		assertThat(created.getPhoneNumbers()).as("the valueless phone is dropped").isEmpty();
		assertThat(created.getAddresses()).singleElement().satisfies((address) -> {
			assertThat(address.getStreetAddress()).isEqualTo("1 Harbour Rd");
			assertThat(address.getPostalCode()).isEqualTo("999077");
			assertThat(address.getCountry()).isEqualTo("HK");
			assertThat(address.getPrimary()).isTrue();
		});
		assertThat(created.getEnterprise().getEmployeeNumber()).isEqualTo("E7");
		assertThat(created.getEnterprise().getDepartment()).isEqualTo("Cloud");
		assertThat(created.getEnterprise().getManager().getValue()).isEqualTo("boss-1");
		assertThat(created.getProfileUrl()).isEqualTo("https://example.com/sdk-profile");
		assertThat(created.getExternalIds()).isEmpty();

		client.updateUser(new UpdateUserRequest().withIdentityStoreId(this.store)
			.withUserId(userId)
			.withBody(new UpdateUserReqBody().withOperations(List.of(
					new AttributeOperationDto().withAttributePath("addresses")
						.withAttributeValue("[{\"locality\":\"Shenzhen\",\"country\":\"CN\",\"primary\":true}]"),
					new AttributeOperationDto().withAttributePath("enterprise.manager.value")
						.withAttributeValue("boss-2"),
					new AttributeOperationDto().withAttributePath("enterprise.cost_center").withAttributeValue("CC-1"),
					new AttributeOperationDto().withAttributePath("profile_url")
						.withAttributeValue("https://example.com/renamed"),
					new AttributeOperationDto().withAttributePath("external_ids")
						.withAttributeValue("[{\"issuer\":\"hr.example.com\",\"id\":\"E7\"}]")))));

		DescribeUserResponse updated = client
			.describeUser(new DescribeUserRequest().withIdentityStoreId(this.store).withUserId(userId));
		assertThat(updated.getAddresses()).singleElement().satisfies((address) -> {
			assertThat(address.getLocality()).isEqualTo("Shenzhen");
			assertThat(address.getStreetAddress()).isNull();
		});
		assertThat(updated.getEnterprise().getManager().getValue()).isEqualTo("boss-2");
		assertThat(updated.getEnterprise().getCostCenter()).isEqualTo("CC-1");
		assertThat(updated.getEnterprise().getDepartment()).isEqualTo("Cloud");
		assertThat(updated.getProfileUrl()).isEqualTo("https://example.com/renamed");
		assertThat(updated.getExternalIds()).singleElement().satisfies((externalId) -> {
			assertThat(externalId.getIssuer()).isEqualTo("hr.example.com");
			assertThat(externalId.getId()).isEqualTo("E7");
		});

		ListUsersResponse listed = client
			.listUsers(new ListUsersRequest().withIdentityStoreId(this.store).withUserName("sdk-profile"));
		assertThat(listed.getUsers()).singleElement().satisfies((user) -> {
			assertThat(user.getAddresses()).isEqualTo(updated.getAddresses());
			assertThat(user.getEnterprise()).isEqualTo(updated.getEnterprise());
			assertThat(user.getProfileUrl()).isEqualTo(updated.getProfileUrl());
			assertThat(user.getExternalIds()).isEqualTo(updated.getExternalIds());
		});

		ServiceResponseException refused = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client.updateUser(new UpdateUserRequest().withIdentityStoreId(this.store)
				.withUserId(userId)
				.withBody(new UpdateUserReqBody()
					.withOperations(List.of(new AttributeOperationDto().withAttributePath("enterprise.department")
						.withAttributeValue("d".repeat(257)))))))
			.actual();
		assertThat(refused.getHttpStatusCode()).isEqualTo(400);
		assertThat(refused.getErrorCode()).isEqualTo("IIC.400");
		assertThat(refused.getErrorMsg()).contains("enterprise.department must be at most 256 characters");
	}

	@Test
	void sdkResetsAPasswordInOtpModeAndTheUserSignsInWithIt() {
		resetInOtpModeAndSignIn("sdk-reset", credentials(TestCredentials.MANAGEMENT));
	}

	/**
	 * ResetPwdMode through the SDK core, signed with temporary credentials and their
	 * security token.
	 */
	@Test
	void sdkResetsAPasswordWithTemporaryCredentials() {
		JsonNode credential = this.admin.post("/v3.0/OS-CREDENTIAL/securitytokens", "{\"duration_seconds\": 900}")
			.json()
			.get("credential");
		resetInOtpModeAndSignIn("sdk-temporary-reset", temporaryCredentials(credential));
	}

	/**
	 * Creates the user with the management key, resets its password in OTP mode through
	 * the SDK core with {@code credentials}, and signs in with the password that comes
	 * back.
	 */
	private void resetInOtpModeAndSignIn(String userName, BasicCredentials credentials) {
		String userId = client(TestCredentials.MANAGEMENT)
			.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName(userName)))
			.getUserId();
		ResetPwdModeResponse reset = ResetPwdModeClient.newBuilder()
			.withCredential(credentials)
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build()
			.resetPwdMode(new ResetPwdModeRequest().withIdentityStoreId(this.store)
				.withUserId(userId)
				.withBody(new UpdatePwdModeReqBody().withMode("OTP")));
		assertThat(reset.getHttpStatusCode()).isEqualTo(200);
		assertThat(reset.getPassword()).hasSizeGreaterThanOrEqualTo(16);
		dev.passwordreset.TestSecrets.remember(reset.getPassword());
		assertThat(signIn(userName, reset.getPassword())).isEqualTo(200);
	}

	@Test
	void sdkResetsAPasswordInEmailModeAndTheLinkIsQueuedForTheUser() {
		String email = "sdk-mail-" + System.nanoTime() + "@example.com";
		String userId = client(TestCredentials.MANAGEMENT)
			.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName("sdk-mail")
					.withEmails(List.of(new EmailDto().withValue(email).withPrimary(true)))))
			.getUserId();
		ResetPwdModeResponse reset = ResetPwdModeClient.newBuilder()
			.withCredential(credentials(TestCredentials.MANAGEMENT))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build()
			.resetPwdMode(new ResetPwdModeRequest().withIdentityStoreId(this.store)
				.withUserId(userId)
				.withBody(new UpdatePwdModeReqBody().withMode("EMAIL")));
		assertThat(reset.getHttpStatusCode()).isEqualTo(200);
		assertThat(reset.getPassword()).isNull();
		String mail = this.jdbc.queryForObject("select text_body from mail_outbox where recipient = ?", String.class,
				email);
		assertThat(mail).contains("/reset-password?token=");
	}

	@Test
	void sdkCreatesAUserWithAOneTimePassword() {
		CreateUserResponse created = client(TestCredentials.MANAGEMENT)
			.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName("sdk-otp")
					.withPasswordMode(CreateUserReqBody.PasswordModeEnum.OTP)));
		assertThat(created.getPassword()).hasSizeGreaterThanOrEqualTo(16);
		dev.passwordreset.TestSecrets.remember(created.getPassword());
		assertThat(signIn("sdk-otp", created.getPassword())).isEqualTo(200);
	}

	@Test
	void sdkResetOfAnUnknownUserSurfacesOurNotFound() {
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> ResetPwdModeClient.newBuilder()
				.withCredential(credentials(TestCredentials.MANAGEMENT))
				.withEndpoints(List.of("http://localhost:" + this.port))
				.build()
				.resetPwdMode(new ResetPwdModeRequest().withIdentityStoreId(this.store)
					.withUserId("00000000-0000-0000-0000-000000000000")
					.withBody(new UpdatePwdModeReqBody().withMode("OTP"))))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(404);
		assertThat(error.getErrorCode()).isEqualTo("IIC.404");
	}

	private int signIn(String userName, String password) {
		return this.admin
			.post("/v1/identity-stores/" + this.store + "/authenticate",
					"{\"user_name\": \"" + userName + "\", \"password\": \""
							+ password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
			.status();
	}

	@Test
	void sdkPagesWithTheMarkerItIsGiven() {
		IdentityCenterStoreClient client = client(TestCredentials.MANAGEMENT);
		for (String name : List.of("page-a", "page-b", "page-c")) {
			client.createUser(new CreateUserRequest().withIdentityStoreId(this.store)
				.withBody(new CreateUserReqBody().withUserName(name)));
		}
		ListUsersResponse first = client.listUsers(new ListUsersRequest().withIdentityStoreId(this.store).withLimit(2));
		ListUsersResponse second = client.listUsers(new ListUsersRequest().withIdentityStoreId(this.store)
			.withLimit(2)
			.withMarker(first.getPageInfo().getNextMarker()));
		assertThat(first.getUsers()).extracting("userName").containsExactly("page-a", "page-b");
		assertThat(second.getUsers()).extracting("userName").containsExactly("page-c");
		assertThat(second.getPageInfo().getNextMarker()).isNull();
	}

	@Test
	void sdkSurfacesOurNotFoundError() {
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client(TestCredentials.MANAGEMENT)
				.describeUser(new DescribeUserRequest().withIdentityStoreId(this.store)
					.withUserId("00000000-0000-0000-0000-000000000000")))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(404);
		assertThat(error.getErrorCode()).isEqualTo("IIC.404");
		assertThat(error.getErrorMsg()).startsWith("Not Found: user ");
		assertThat(error.getRequestId()).matches("[0-9a-f]{32}");
	}

	@Test
	void sdkSurfacesOurPermissionDenial() {
		String accountId = IdentityCenterFixtures.createAccount(this.admin);
		TestCredentials member = IdentityCenterFixtures.createAccessKey(this.admin, accountId);
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client(member).listUsers(new ListUsersRequest().withIdentityStoreId(this.store)))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(403);
		assertThat(error.getErrorCode()).isEqualTo("IIC.1000");
		assertThat(error.getErrorMsg()).isEqualTo("No permission for action identitystore:user:list.");
		assertThat(error.getRequestId()).isNotBlank();
		assertThat(error.getEncodedAuthorizationMessage()).isNotBlank();
		String decoded = this.admin
			.post("/v5/decode-authorization-message",
					"{\"encoded_message\": \"" + error.getEncodedAuthorizationMessage() + "\"}")
			.text("decoded_message");
		assertThat(decoded).contains("\"account_id\":\"" + accountId + "\"")
			.contains("\"action\":\"identitystore:user:list\"");
	}

	@Test
	void sdkWithAWrongSecretIsRefused() {
		ServiceResponseException error = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client(new TestCredentials(TestCredentials.MANAGEMENT.accessKeyId(),
					"WrongSecretWrongSecretWrongSecretWrong00"))
				.listUsers(new ListUsersRequest().withIdentityStoreId(this.store)))
			.actual();
		assertThat(error.getHttpStatusCode()).isEqualTo(401);
		assertThat(error.getErrorCode()).isEqualTo("APIGW.0301");
		assertThat(error.getErrorMsg()).contains("signature does not match");
	}

	private static BasicCredentials credentials(TestCredentials credentials) {
		return new BasicCredentials().withAk(credentials.accessKeyId())
			.withSk(credentials.secret())
			.withProjectId("0123456789abcdef0123456789abcdef");
	}

	private IdentityCenterStoreClient client(TestCredentials credentials) {
		return IdentityCenterStoreClient.newBuilder()
			.withCredential(credentials(credentials))
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build();
	}

}
