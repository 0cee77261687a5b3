package dev.passwordreset.api.identitycenter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.identitycenterstore.v1.IdentityCenterStoreClient;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeUserRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.DescribeUserResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListUsersRequest;
import com.huaweicloud.sdk.identitycenterstore.v1.model.ListUsersResponse;
import com.huaweicloud.sdk.identitycenterstore.v1.model.UserDto;
import dev.passwordreset.AllAtOnce;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.ldap.DirectoryJourneyStores;
import dev.passwordreset.ldap.DirectoryJourneyTest;
import dev.passwordreset.ldap.TestDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The users of an LDAP store through the {@code /v1} face, against the tests' real
 * OpenLDAP: DescribeUser, ListUsers (with Huawei's SDK and its paging) and GetUserId read
 * the directory through the attribute mapping, CreateUser and its siblings are refused,
 * "forgot password" finds the user by the directory's mail attribute, the sign-in check
 * and OAM's change with the current password bind as the user, and health shows each
 * directory.
 * <p>
 * The store {@code corp} sees only the entries whose {@code uid} starts with this run's
 * {@link #PREFIX}, by its user filter, so the users other tests add to the shared
 * directory do not show in its listings. The store {@code corp-down} names a port nobody
 * listens on ({@link DirectoryJourneyStores}).
 */
@DirectoryJourneyTest
class LdapStoreUserApiTests {

	private static final String PREFIX = DirectoryJourneyStores.PREFIX;

	private static final Pattern LINK_TOKEN = Pattern.compile("/reset-password\\?token=([A-Za-z0-9_-]{43})");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	HttpApi admin;

	@BeforeEach
	void admin() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
	}

	@Test
	void sdkListsTheDirectorysUsersPageByPageInUserNameOrderWithTheMarkerItIsGiven() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String tag = unique("page");
		List<String> names = List.of(tag + "-delta", tag + "-Alpha", tag + "-charlie", tag + "-Bravo", tag + "-echo");
		List<UUID> ids = new ArrayList<>();
		for (String name : names) {
			ids.add(directory.addUser(name, name + "@example.com", "Initial-Granite-Password-9"));
		}
		// A reset anchors the user in this service's tables; the listing still shows it
		// once, from the directory.
		ApiResponse reset = this.admin.post("/v1/identity-stores/" + store + "/users/" + ids.get(0) + "/reset-password",
				"{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		TestSecrets.remember(reset.text("password"));

		IdentityCenterStoreClient client = client();
		List<UserDto> listed = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		String marker = null;
		do {
			ListUsersResponse page = client
				.listUsers(new ListUsersRequest().withIdentityStoreId(store).withLimit(2).withMarker(marker));
			assertThat(page.getHttpStatusCode()).isEqualTo(200);
			pageSizes.add(page.getUsers().size());
			assertThat(page.getPageInfo().getCurrentCount()).isEqualTo(page.getUsers().size());
			page.getUsers().stream().filter((user) -> user.getUserName().startsWith(tag)).forEach(listed::add);
			marker = page.getPageInfo().getNextMarker();
		}
		while (marker != null);

		assertThat(listed).extracting(UserDto::getUserName)
			.containsExactly(tag + "-Alpha", tag + "-Bravo", tag + "-charlie", tag + "-delta", tag + "-echo");
		assertThat(listed).extracting(UserDto::getUserId)
			.containsExactly(ids.get(1).toString(), ids.get(3).toString(), ids.get(2).toString(), ids.get(0).toString(),
					ids.get(4).toString());
		assertThat(pageSizes).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(2));
		assertThat(listed.get(0).getEmails()).singleElement().satisfies((email) -> {
			assertThat(email.getValue()).isEqualTo(tag + "-Alpha@example.com");
			assertThat(email.getPrimary()).isTrue();
		});
		assertThat(listed.get(0).getDisplayName()).isEqualTo("Quinn Zephyrus");
	}

	@Test
	void aListingReadsTheDirectorysNamesOnceForAllItsPagesAndSkipsAUserDeletedMeanwhile() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String tag = unique("snapshot");
		for (String suffix : List.of("-a", "-b", "-c", "-d", "-e", "-f", "-g")) {
			directory.addUser(tag + suffix, tag + suffix + "@example.com", "Initial-Granite-Password-9");
		}

		IdentityCenterStoreClient client = client();
		List<String> listed = new ArrayList<>();
		int pages = 0;
		double searchesAfterTheFirstPage = 0;
		String marker = null;
		do {
			ListUsersResponse page = client
				.listUsers(new ListUsersRequest().withIdentityStoreId(store).withLimit(2).withMarker(marker));
			assertThat(page.getHttpStatusCode()).isEqualTo(200);
			pages++;
			if (pages == 1) {
				// After the listing began: c sorts after a and b, so it is on a later
				// page.
				directory.delete("cn=" + tag + "-c," + TestDirectory.USERS);
				searchesAfterTheFirstPage = ldapOperations("search", "success");
			}
			page.getUsers()
				.stream()
				.map(UserDto::getUserName)
				.filter((name) -> name.startsWith(tag))
				.forEach(listed::add);
			marker = page.getPageInfo().getNextMarker();
		}
		while (marker != null);

		assertThat(listed).containsExactly(tag + "-a", tag + "-b", tag + "-d", tag + "-e", tag + "-f", tag + "-g");
		assertThat(pages).isGreaterThanOrEqualTo(3);
		// Each later page reads its users in full, one search, and the page that lost c
		// takes the next user with one more: the names were read by the first page only.
		assertThat(ldapOperations("search", "success") - searchesAfterTheFirstPage).isLessThanOrEqualTo(pages);
	}

	/** {@code reset.ldap.operations} so far, for the stores in password-modify mode. */
	private double ldapOperations(String operation, String outcome) {
		Counter operations = this.meters.find("reset.ldap.operations")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.tag("mode", "password-modify")
			.counter();
		return (operations != null) ? operations.count() : 0;
	}

	@Test
	void sdkDescribesADirectoryUserThroughTheAttributeMappingByItsEntryUuid() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String name = unique("described");
		UUID id = directory.addUser(name, name + "@example.com", "Initial-Granite-Password-8");

		DescribeUserResponse described = client()
			.describeUser(new DescribeUserRequest().withIdentityStoreId(store).withUserId(id.toString()));

		assertThat(described.getUserId()).isEqualTo(id.toString());
		assertThat(described.getIdentityStoreId()).isEqualTo(store);
		assertThat(described.getUserName()).isEqualTo(name);
		assertThat(described.getDisplayName()).isEqualTo("Quinn Zephyrus");
		assertThat(described.getName().getGivenName()).isEqualTo("Quinn");
		assertThat(described.getName().getFamilyName()).isEqualTo("Zephyrus");
		assertThat(described.getEmails()).singleElement()
			.satisfies((email) -> assertThat(email.getValue()).isEqualTo(name + "@example.com"));
		assertThat(described.getEnabled()).isTrue();
		assertThat(described.getCreatedAt()).isPositive();
		assertThat(described.getCreatedBy()).isEqualTo("directory");
		JsonNode raw = this.admin.get("/v1/identity-stores/" + store + "/users/" + id).json();
		assertThat(raw.get("distinguished_name").asString()).isEqualTo("cn=" + name + "," + TestDirectory.USERS);

		ListUsersResponse byName = client()
			.listUsers(new ListUsersRequest().withIdentityStoreId(store).withUserName(name.toUpperCase(Locale.ROOT)));
		assertThat(byName.getUsers()).as("the directory compares uid without regard to case")
			.singleElement()
			.satisfies((user) -> assertThat(user.getUserId()).isEqualTo(id.toString()));
		ApiResponse userId = this.admin.post("/v1/identity-stores/" + store + "/users/retrieve-user-id",
				"{\"alternate_identifier\": {\"unique_attribute\": {\"attribute_path\": \"user_name\", "
						+ "\"attribute_value\": \"" + name + "\"}}}");
		assertThat(userId.status()).as(userId.body()).isEqualTo(200);
		assertThat(userId.text("user_id")).isEqualTo(id.toString());
	}

	@Test
	void aUserOutsideTheStoresFilterOrUnknownIsNotFoundAndABadMarkerIsRefused() {
		String store = store("corp");
		UUID outside = TestDirectory.shared().entryUuid(TestDirectory.SEED_DN);

		ServiceResponseException missing = assertThatExceptionOfType(ServiceResponseException.class)
			.isThrownBy(() -> client()
				.describeUser(new DescribeUserRequest().withIdentityStoreId(store).withUserId(outside.toString())))
			.actual();
		assertThat(missing.getHttpStatusCode()).isEqualTo(404);
		assertThat(missing.getErrorCode()).isEqualTo("IIC.404");
		assertThat(this.admin.get("/v1/identity-stores/" + store + "/users/" + UUID.randomUUID()).status())
			.isEqualTo(404);
		ApiResponse badMarker = this.admin.get("/v1/identity-stores/" + store + "/users?marker=bm90LWEtbWFya2Vy");
		assertThat(badMarker.status()).isEqualTo(400);
		assertThat(badMarker.text("error_code")).isEqualTo("IIC.400");
	}

	@Test
	void createUpdateDeleteEnableAndDisableOnAnLdapStoreAreRefusedAndTheDirectoryIsUnchanged() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String name = unique("readonly");
		UUID id = directory.addUser(name, name + "@example.com", "Initial-Granite-Password-7");
		String users = "/v1/identity-stores/" + store + "/users";

		List<ApiResponse> refused = List.of(this.admin.post(users, "{\"user_name\": \"" + unique("new") + "\"}"),
				this.admin.post(users, "{\"user_name\": \"" + unique("otp") + "\", \"password_mode\": \"OTP\"}"),
				this.admin.put(users + "/" + id,
						"{\"operations\": [{\"attribute_path\": \"display_name\", \"attribute_value\": \"X\"}]}"),
				this.admin.delete(users + "/" + id), this.admin.post(users + "/" + id + "/disable"),
				this.admin.post(users + "/" + id + "/enable"), this.admin.delete(users + "/" + UUID.randomUUID()));

		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(409);
			assertThat(answer.text("error_code")).isEqualTo("IIC.1007");
			assertThat(answer.text("error_msg")).isEqualTo("Data modification failed: identity store " + store
					+ " keeps its users in an LDAP directory; create, change, enable, disable and delete them there.");
			assertThat(answer.text("request_id")).isNotBlank();
		});
		ApiResponse described = this.admin.get(users + "/" + id);
		assertThat(described.status()).isEqualTo(200);
		assertThat(described.text("display_name")).isEqualTo("Quinn Zephyrus");
		assertThat(this.jdbc.queryForObject("select count(*) from store_user where identity_store_id = ?",
				Integer.class, store))
			.as("no user row but anchors")
			.isEqualTo(this.jdbc.queryForObject(
					"select count(*) from store_user where identity_store_id = ? and user_name like 'ldap %'",
					Integer.class, store));
	}

	@Test
	void createUserOnAWritableStoreAddsTheEntryThroughTheMappingAndDeleteUserRemovesItAndItsRows() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp-rw");
		String name = unique("created");
		String users = "/v1/identity-stores/" + store + "/users";

		ApiResponse created = this.admin.post(users,
				"{\"user_name\": \"" + name + "\", \"display_name\": \"Ada Quill\", "
						+ "\"name\": {\"given_name\": \"Ada\", \"family_name\": \"Quill\"}, "
						+ "\"emails\": [{\"value\": \"" + name + "@example.com\", \"primary\": true}], "
						+ "\"phone_numbers\": [{\"value\": \"+15550100\", \"primary\": true}], \"locale\": \"en-GB\"}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String dn = "cn=" + name + "," + TestDirectory.USERS;
		UUID id = directory.entryUuid(dn);
		assertThat(created.text("user_id")).isEqualTo(id.toString());
		assertThat(directory.attributes(dn)).containsEntry("uid", List.of(name))
			.containsEntry("cn", List.of(name))
			.containsEntry("displayName", List.of("Ada Quill"))
			.containsEntry("givenName", List.of("Ada"))
			.containsEntry("sn", List.of("Quill"))
			.containsEntry("mail", List.of(name + "@example.com"))
			.containsEntry("telephoneNumber", List.of("+15550100"))
			.containsEntry("preferredLanguage", List.of("en-GB"));
		ApiResponse described = this.admin.get(users + "/" + id);
		assertThat(described.status()).as(described.body()).isEqualTo(200);
		assertThat(described.text("user_name")).isEqualTo(name);
		// A reset anchors the user and leaves a one-time code row keyed to it.
		ApiResponse reset = this.admin.post(users + "/" + id + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		TestSecrets.remember(reset.text("password"));
		assertThat(this.jdbc.queryForObject("select count(*) from store_user where id = ?", Integer.class, id))
			.isEqualTo(1);

		ApiResponse deleted = this.admin.delete(users + "/" + id);

		assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
		assertThat(directory.attributes(dn)).as("the entry is gone").isEmpty();
		assertThat(this.jdbc.queryForObject("select count(*) from store_user where id = ?", Integer.class, id))
			.as("the anchor is gone")
			.isZero();
		assertThat(this.admin.get(users + "/" + id).status()).isEqualTo(404);
		assertThat(this.admin.delete(users + "/" + id).status()).isEqualTo(404);
		// Directory writes are audited like the service's own: each success once, and the
		// second delete's refusal.
		assertThat(this.jdbc.queryForList(
				"select event_type || ' ' || outcome from audit_event where resource = ? and event_type like 'USER_%' "
						+ "order by id",
				String.class, "identitystore/" + store + "/user/" + id))
			.containsExactly("USER_CREATED SUCCESS", "USER_DELETED SUCCESS", "USER_DELETED FAILURE");
	}

	@Test
	void createUserWithAnOtpOnAWritableStoreWritesAOneTimePasswordThatBindsAndWithEmailMailsALink() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp-rw");
		String users = "/v1/identity-stores/" + store + "/users";
		String otpName = unique("otp");
		String mailName = unique("mail");

		ApiResponse otp = this.admin.post(users, "{\"user_name\": \"" + otpName + "\", "
				+ "\"name\": {\"family_name\": \"Quill\"}, \"password_mode\": \"OTP\"}");
		ApiResponse mail = this.admin.post(users,
				"{\"user_name\": \"" + mailName + "\", \"name\": {\"family_name\": \"Quill\"}, "
						+ "\"emails\": [{\"value\": \"" + mailName + "@example.com\", \"primary\": true}], "
						+ "\"password_mode\": \"EMAIL\"}");

		assertThat(otp.status()).as(otp.body()).isEqualTo(201);
		String password = otp.text("password");
		TestSecrets.remember(password);
		String otpDn = "cn=" + otpName + "," + TestDirectory.USERS;
		assertThat(otp.text("user_id")).isEqualTo(directory.entryUuid(otpDn).toString());
		assertThat(directory.canBind(otpDn, password)).as("the one-time password binds").isTrue();
		assertThat(mail.status()).as(mail.body()).isEqualTo(201);
		assertThat(mail.text("user_id"))
			.isEqualTo(directory.entryUuid("cn=" + mailName + "," + TestDirectory.USERS).toString());
		assertThat(mailsTo(mailName + "@example.com")).singleElement()
			.satisfies((text) -> assertThat(LINK_TOKEN.matcher(text).find()).isTrue());
	}

	@Test
	void createUserWithEmailButNoAddressOnAWritableStoreIsRefusedAndLeavesNoEntry() {
		String store = store("corp-rw");
		String name = unique("nomail");

		ApiResponse refused = this.admin.post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"" + name
				+ "\", \"name\": {\"family_name\": \"Quill\"}, \"password_mode\": \"EMAIL\"}");

		assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
		assertThat(TestDirectory.shared().attributes("cn=" + name + "," + TestDirectory.USERS))
			.as("the entry is undone")
			.isEmpty();
	}

	@Test
	void updateUserOnAWritableStoreChangesTheMappedAttributesOfTheEntry() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp-rw");
		String name = unique("updated");
		UUID id = directory.addUser(name, name + "@example.com", "Initial-Granite-Password-5");
		String dn = "cn=" + name + "," + TestDirectory.USERS;
		String user = "/v1/identity-stores/" + store + "/users/" + id;

		ApiResponse updated = this.admin.put(user,
				"{\"operations\": [" + "{\"attribute_path\": \"display_name\", \"attribute_value\": \"Ada Quill\"}, "
						+ "{\"attribute_path\": \"name.family_name\", \"attribute_value\": \"Quill\"}, "
						+ "{\"attribute_path\": \"locale\", \"attribute_value\": \"fr-FR\"}]}");

		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
		assertThat(updated.text("display_name")).isEqualTo("Ada Quill");
		assertThat(directory.attributes(dn)).containsEntry("displayName", List.of("Ada Quill"))
			.containsEntry("sn", List.of("Quill"))
			.containsEntry("preferredLanguage", List.of("fr-FR"))
			.containsEntry("givenName", List.of("Quinn"))
			.containsEntry("mail", List.of(name + "@example.com"))
			.containsEntry("uid", List.of(name));

		ApiResponse noFamilyName = this.admin.put(user,
				"{\"operations\": [{\"attribute_path\": \"name.family_name\", \"attribute_value\": null}]}");
		ApiResponse renamed = this.admin.put(user, "{\"operations\": [{\"attribute_path\": \"user_name\", "
				+ "\"attribute_value\": \"" + unique("renamed") + "\"}]}");

		assertThat(noFamilyName.status()).as(noFamilyName.body()).isEqualTo(400);
		assertThat(noFamilyName.text("error_msg")).contains("name.family_name").doesNotContainIgnoringCase("ldap");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(400);
		assertThat(directory.attributes(dn)).containsEntry("sn", List.of("Quill")).containsEntry("uid", List.of(name));
	}

	@Test
	void createUserOnAWritableStoreRefusesATakenNameWith409AndAnEntryTheSchemaRefusesWith400() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp-rw");
		String name = unique("taken");
		directory.addUser(name, name + "@example.com", "Initial-Granite-Password-6");
		String users = "/v1/identity-stores/" + store + "/users";

		ApiResponse duplicate = this.admin.post(users,
				"{\"user_name\": \"" + name + "\", \"name\": {\"family_name\": \"Quill\"}}");
		ApiResponse noFamilyName = this.admin.post(users, "{\"user_name\": \"" + unique("nosn") + "\"}");

		assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
		assertThat(duplicate.text("error_code")).isEqualTo("IIC.1257");
		assertThat(noFamilyName.status()).as(noFamilyName.body()).isEqualTo(400);
		assertThat(noFamilyName.text("error_msg")).contains("name.family_name")
			.doesNotContainIgnoringCase("ldap")
			.doesNotContainIgnoringCase("objectClass");
	}

	@Test
	void disableUserOnAWritableStoreLocksTheAccountInTheDirectoryAndEnableUserUnlocksIt() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp-rw");
		String name = unique("disabled");
		String password = "Initial-Granite-Password-2";
		UUID id = directory.addUser(name, name + "@example.com", password);
		String dn = "cn=" + name + "," + TestDirectory.USERS;
		String user = "/v1/identity-stores/" + store + "/users/" + id;
		assertThat(directory.canBind(dn, password)).isTrue();

		ApiResponse disabled = this.admin.post(user + "/disable");

		assertThat(disabled.status()).as(disabled.body()).isIn(200, 204);
		assertThat(directory.operational(dn, "pwdAccountLockedTime")).as("ppolicy's lock until an administrator")
			.isEqualTo("000001010000Z");
		assertThat(directory.canBind(dn, password)).as("the directory refuses the locked account").isFalse();
		DescribeUserResponse described = client()
			.describeUser(new DescribeUserRequest().withIdentityStoreId(store).withUserId(id.toString()));
		assertThat(described.getEnabled()).isFalse();
		assertThat(client().listUsers(new ListUsersRequest().withIdentityStoreId(store).withUserName(name)).getUsers())
			.singleElement()
			.satisfies((listed) -> assertThat(listed.getEnabled()).isFalse());
		// As for an internal store: a disabled user neither signs in, nor gets a reset
		// link or an OAM code. Unlike one, it gets no administrator's one-time password
		// either: ppolicy would lift the lock with the password change.
		ApiResponse signIn = this.admin.post(path(store, "authenticate"), signIn(name, password));
		assertThat(signIn.status()).as(signIn.body()).isEqualTo(401);
		ApiResponse link = this.admin.post(user + "/reset-password", "{\"mode\": \"EMAIL\"}");
		assertThat(link.status()).as(link.body()).isEqualTo(400);
		assertThat(link.text("error_msg")).contains("the user is disabled");
		ApiResponse otp = this.admin.post(user + "/reset-password", "{\"mode\": \"OTP\"}");
		assertThat(otp.status()).as(otp.body()).isEqualTo(400);
		assertThat(otp.text("error_msg")).contains("the user is disabled");
		assertThat(directory.operational(dn, "pwdAccountLockedTime")).as("still locked").isEqualTo("000001010000Z");
		assertThat(mailsTo(name + "@example.com")).isEmpty();
		ApiResponse code = this.admin.post("/oam/services/rest/auth/api/v1/mfa/createOTP",
				"{\"appName\": \"app\", \"deliveryChannel\": \"custom\", \"userId\": \"" + name
						+ "\", \"idStore\": \"corp-rw\"}");
		assertThat(code.status()).as(code.body()).isEqualTo(424);
		assertThat(code.text("resultCode")).isEqualTo("13");
		assertThat(this.admin.post(user + "/disable").status()).as("disabling twice changes nothing").isIn(200, 204);

		ApiResponse enabled = this.admin.post(user + "/enable");

		assertThat(enabled.status()).as(enabled.body()).isIn(200, 204);
		assertThat(directory.operational(dn, "pwdAccountLockedTime")).isNull();
		assertThat(directory.canBind(dn, password)).as("the account binds again").isTrue();
		assertThat(this.admin.get(user).json().get("enabled").asBoolean()).isTrue();
		assertThat(this.admin.post(path(store, "authenticate"), signIn(name, password)).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForList(
				"select event_type || ' ' || outcome || ' ' || reason from audit_event where resource = ? "
						+ "and event_type in ('USER_ENABLED', 'USER_DISABLED') order by id",
				String.class, "identitystore/" + store + "/user/" + id))
			.containsExactly("USER_DISABLED SUCCESS the user was disabled in the directory",
					"USER_DISABLED SUCCESS the user was disabled in the directory",
					"USER_ENABLED SUCCESS the user was enabled in the directory");
	}

	@Test
	void createUserOnAWritableStoreRefusesAnEntryItsFilterWouldNotFindAndAddsNothing() {
		TestDirectory directory = TestDirectory.shared();
		// Known before the add: the name does not fit the store's uid filter.
		String outsideName = "x" + unique("outside");
		// Known only after it: the filter asks for an employeeType the entry never gets.
		String staffName = unique("staff");

		ApiResponse outside = this.admin.post("/v1/identity-stores/" + store("corp-rw") + "/users",
				"{\"user_name\": \"" + outsideName + "\", \"name\": {\"family_name\": \"Quill\"}}");
		ApiResponse staff = this.admin.post("/v1/identity-stores/" + store("corp-rw-staff") + "/users",
				"{\"user_name\": \"" + staffName + "\", \"name\": {\"family_name\": \"Quill\"}}");

		assertThat(List.of(outside, staff)).allSatisfy((refused) -> {
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.text("error_code")).isEqualTo("IIC.400");
			assertThat(refused.text("error_msg")).contains("user filter").contains("nothing was added");
		});
		assertThat(directory.countByUid(outsideName)).isZero();
		assertThat(directory.countByUid(staffName)).as("the entry is deleted again").isZero();
	}

	@Test
	void concurrentCreationsOfOneUserNameUnderTwoEntryNamesLetExactlyOneThrough() throws Exception {
		TestDirectory directory = TestDirectory.shared();
		String users = "/v1/identity-stores/" + store("corp-rw-uri") + "/users";
		String name = unique("race");
		// One name as the directory compares uid, but two entry names under labeledURI,
		// which compares case-exactly: the directory alone would take both.
		List<String> spellings = List.of(name, name.toUpperCase(Locale.ROOT));
		List<Callable<ApiResponse>> creations = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String spelling = spellings.get(i % 2);
			creations.add(() -> this.admin.post(users,
					"{\"user_name\": \"" + spelling + "\", \"name\": {\"family_name\": \"Quill\"}}"));
		}

		List<ApiResponse> answers = AllAtOnce.run(creations);

		assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.status() != 201).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(409);
			assertThat(answer.text("error_code")).isEqualTo("IIC.1257");
		});
		assertThat(directory.countByUid(name)).as("one entry has the name").isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from directory_user_name_claim", Integer.class))
			.as("every claim is given back")
			.isZero();
	}

	@Test
	void createUpdateAndDeleteUserOnAWritableStoreWhoseDirectoryIsDownAnswer503WithRetryAfter() {
		String store = store("corp-rw-down");
		String users = "/v1/identity-stores/" + store + "/users";

		List<ApiResponse> answers = List.of(
				this.admin.post(users,
						"{\"user_name\": \"" + unique("down") + "\", \"name\": {\"family_name\": \"Quill\"}}"),
				this.admin.put(users + "/" + UUID.randomUUID(),
						"{\"operations\": [{\"attribute_path\": \"display_name\", \"attribute_value\": \"X\"}]}"),
				this.admin.delete(users + "/" + UUID.randomUUID()));

		assertThat(answers).allSatisfy(LdapStoreUserApiTests::isDirectoryUnavailable);
	}

	@Test
	void forgotPasswordFindsTheUserByTheDirectorysMailAndTheLinkChangesThePasswordThere() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String name = unique("forgot");
		String address = name + "@Example.com";
		String initial = "Initial-Granite-Password-6";
		directory.addUser(name, address, initial);
		String dn = "cn=" + name + "," + TestDirectory.USERS;
		HttpApi anonymous = HttpApi.on(this.port).from(HttpApi.randomLoopbackAddress());

		ApiResponse known = anonymous.postFromAddress(SelfServicePasswordResetController.PATH,
				"{\"identity_store_id\": \"" + store + "\", \"email\": \"" + address.toLowerCase(Locale.ROOT) + "\"}");
		ApiResponse unknown = anonymous.postFromAddress(SelfServicePasswordResetController.PATH,
				"{\"identity_store_id\": \"" + store + "\", \"email\": \"nobody-" + name + "@example.com\"}");

		assertThat(known.status()).isEqualTo(202);
		assertThat(unknown.status()).isEqualTo(202);
		assertThat(unknown.body()).isEqualTo(known.body());
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !mailsTo(address).isEmpty());
		Matcher token = LINK_TOKEN.matcher(mailsTo(address).get(0));
		assertThat(token.find()).isTrue();
		TestSecrets.remember(token.group(1));
		String password = "Lantern-Orchard-Meridian-42-Quay";
		TestSecrets.remember(password);
		ApiResponse confirmed = HttpApi.on(this.port)
			.post("/v1/password-resets/confirm",
					"{\"token\": \"" + token.group(1) + "\", \"new_password\": \"" + password + "\"}");
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(directory.canBind(dn, password)).isTrue();
		assertThat(directory.canBind(dn, initial)).isFalse();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from audit_event where event_type = 'PASSWORD_RESET_REQUESTED' "
							+ "and reason = 'no link: no user matches' and client_address = ?",
					Integer.class, anonymous.localAddress()) == 1);
	}

	@Test
	void signInBindsAsTheUserSoTheDirectorysPasswordSignsInAndAWrongOneIsRefused() {
		TestDirectory directory = TestDirectory.shared();
		String store = store("corp");
		String name = unique("signin");
		String password = "Initial-Granite-Password-5";
		UUID id = directory.addUser(name, name + "@example.com", password);
		String path = "/v1/identity-stores/" + store + "/authenticate";

		ApiResponse right = this.admin.post(path, signIn(name, password));
		double refusedBinds = ldapOperations("bind", "refused");
		ApiResponse wrong = this.admin.post(path, signIn(name, password + "x"));
		double afterWrong = ldapOperations("bind", "refused");
		ApiResponse unknown = this.admin.post(path, signIn(unique("nobody"), password));
		double afterUnknown = ldapOperations("bind", "refused");

		assertThat(right.status()).as(right.body()).isEqualTo(200);
		assertThat(right.text("user_id")).isEqualTo(id.toString());
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.text("error_code")).isEqualTo("IIC.4010");
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.body())
			.isEqualTo(wrong.body().replace(wrong.text("request_id"), unknown.text("request_id")));
		// An unknown name costs the bind a wrong password does, not a hash: the same
		// time, so that the answer's timing does not tell who is in the directory.
		assertThat(afterWrong - refusedBinds).isEqualTo(1);
		assertThat(afterUnknown - afterWrong).isEqualTo(1);
	}

	@Test
	void oamsChangeWithTheCurrentPasswordChecksItByABindAndWritesTheNewOneToTheDirectory() {
		TestDirectory directory = TestDirectory.shared();
		store("corp");
		String name = unique("change");
		String current = "Initial-Granite-Password-4";
		directory.addUser(name, name + "@example.com", current);
		String dn = "cn=" + name + "," + TestDirectory.USERS;
		String path = "/oam/services/rest/access/api/v1/pswdmanagement/PasswordResetRequests/" + name + "/corp";
		String changed = "Meridian-Quay-Lantern-Orchard-31";
		TestSecrets.remember(changed);

		ApiResponse refused = this.admin.post(path, change(current + "x", changed));
		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(refused.text("resultCode")).isEqualTo("14");
		assertThat(directory.canBind(dn, current)).isTrue();

		ApiResponse accepted = this.admin.post(path, change(current, changed));
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertThat(directory.canBind(dn, changed)).isTrue();
		assertThat(directory.canBind(dn, current)).isFalse();
	}

	@Test
	void aDirectoryThatIsDownAnswers503WithRetryAfterInHuaweisFormat() {
		String store = store("corp-down");
		String users = "/v1/identity-stores/" + store + "/users";

		List<ApiResponse> answers = List.of(this.admin.get(users + "?limit=10"),
				this.admin.get(users + "/" + UUID.randomUUID()),
				this.admin.post(path(store, "authenticate"), signIn(unique("down"), "Initial-Granite-Password-3")));

		assertThat(answers).allSatisfy(LdapStoreUserApiTests::isDirectoryUnavailable);
	}

	/**
	 * Huawei's 503 with Retry-After, which names neither LDAP nor the directory's
	 * address.
	 */
	private static void isDirectoryUnavailable(ApiResponse answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(answer.text("error_code")).isEqualTo("IIC.503");
		assertThat(answer.header("Retry-After")).isNotBlank();
		assertThat(answer.body()).doesNotContainIgnoringCase("ldap").doesNotContain("127.0.0.1");
	}

	@Test
	void healthShowsEachDirectoryWithoutSecretsAndADownOneLeavesReadinessUp() {
		ApiResponse health = this.admin.get("/actuator/health");
		JsonNode ldap = health.json().get("components").get("ldap").get("components");

		assertThat(ldap.get("corp").get("status").asString()).isEqualTo("UP");
		assertThat(ldap.get("corp").get("details").get("url").asString()).isEqualTo(TestDirectory.shared().url());
		assertThat(ldap.get("corp-down").get("status").asString()).isEqualTo("DOWN");
		assertThat(ldap.get("corp-down").get("details").get("error").asString()).isEqualTo("connect error");
		assertThat(health.body()).doesNotContain(TestDirectory.shared().serviceSecret());
		ApiResponse readiness = HttpApi.on(this.port).get("/actuator/health/readiness");
		assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
		assertThat(readiness.text("status")).isEqualTo("UP");
	}

	private String store(String name) {
		ApiResponse created = this.admin.post("/v1/identity-stores",
				"{\"name\": \"" + name + "\", \"kind\": \"ldap\"}");
		if (created.status() == 201) {
			return created.text("identity_store_id");
		}
		assertThat(created.status()).as(created.body()).isEqualTo(409);
		for (JsonNode store : this.admin.get("/v1/instances?limit=100").json().get("instances")) {
			if (store.get("alias").asString().equals(name)) {
				return store.get("identity_store_id").asString();
			}
		}
		throw new IllegalStateException("store " + name + " exists but is not listed");
	}

	private static String path(String store, String operation) {
		return "/v1/identity-stores/" + store + "/" + operation;
	}

	private static String signIn(String userName, String password) {
		TestSecrets.remember(password);
		return "{\"user_name\": \"" + userName + "\", \"password\": \"" + password + "\"}";
	}

	private static String change(String original, String changed) {
		TestSecrets.remember(original);
		return "{\"originalpassword\": \"" + original + "\", \"newpassword\": \"" + changed + "\"}";
	}

	private static String unique(String what) {
		return PREFIX + "-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private List<String> mailsTo(String address) {
		return this.jdbc.queryForList(
				"select text_body from mail_outbox where lower(recipient) = lower(?) order by created_at", String.class,
				address);
	}

	private IdentityCenterStoreClient client() {
		return IdentityCenterStoreClient.newBuilder()
			.withCredential(new BasicCredentials().withAk(TestCredentials.MANAGEMENT.accessKeyId())
				.withSk(TestCredentials.MANAGEMENT.secret())
				.withProjectId("0123456789abcdef0123456789abcdef"))
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
			.withEndpoints(List.of("http://localhost:" + this.port))
			.build();
	}

}
