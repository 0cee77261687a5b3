package dev.passwordreset.api.oam;

import java.util.List;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.api.oam.OamFixtures.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.GOOD_PASSWORD;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static dev.passwordreset.api.oam.PasswordManagementApiTests.encode;

/**
 * How OAM's calls name a user: a DN holding a control character is malformed, and a user
 * name is looked up in the same normal form the {@code /v1} face stores it in, so a
 * look-alike names the same user or nobody.
 */
@ApiTest
class UserIdentificationApiTests {

	private static final String DN = "cn=ivy,ou=users,dc=example,dc=com";

	/**
	 * C0 (NUL, SOH, line feed, unit separator), DEL and C1 (next line, application
	 * program command).
	 */
	private static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\n", "\u001F", "\u007F", "\u0085",
			"\u009F");

	@LocalServerPort
	int port;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStoreWithIvy() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
		OamFixtures.createUser(this.admin, this.store, "ivy", null, DN);
	}

	@Test
	void aControlCharacterAnywhereInTheUserdetailsDnIsMalformed() {
		assertSuccess(validate("?userdetails=" + userdetails(DN, "ivy"), null));
		for (String control : CONTROLS) {
			for (String dn : List.of("cn=i" + control + "vy,ou=users,dc=example,dc=com", control + DN, DN + control,
					"cn=ivy," + control + "ou=users,dc=example,dc=com")) {
				assertResult(validate("?userdetails=" + userdetails(dn, "ivy"), null), 400, "10", "MALFORMED_REQUEST");
			}
		}
		assertResult(validate("?userdetails=" + userdetails("cn=i\\00vy,ou=users,dc=example,dc=com", "ivy"), null), 400,
				"10", "MALFORMED_REQUEST");
	}

	@Test
	void aControlCharacterInTheBodysDnIsMalformed() {
		for (String control : CONTROLS) {
			assertResult(validate("", OamFixtures.username(this.store, "ivy", "cn=i" + control + "vy,ou=users")), 400,
					"10", "MALFORMED_REQUEST");
		}
	}

	@Test
	void aLookAlikeUserNameNamesTheSameUserOrNobody() {
		assertSuccess(validate("?userdetails=" + userdetails(DN, "\uFF49\uFF56\uFF59"), null));
		assertSuccess(validate("/IVY/" + this.store.name(), null));
		assertResult(validate("?userdetails=" + userdetails(DN, "\u0456vy"), null), 404, "6", "USER_NOT_FOUND");
		assertResult(validate("/" + encode("\u0456vy") + "/" + this.store.name(), null), 404, "6", "USER_NOT_FOUND");
	}

	private ApiResponse validate(String pathAndQuery, ObjectNode username) {
		ObjectNode body = OamFixtures.JSON.createObjectNode().put("password", GOOD_PASSWORD);
		if (username != null) {
			body.set("username", username);
		}
		return this.admin.post(PSWD + "/PasswordValidateRequests" + pathAndQuery, body.toString());
	}

	private String userdetails(String dn, String userName) {
		return encode("systemTenant::" + dn + "::" + this.store.name() + "::" + userName);
	}

}
