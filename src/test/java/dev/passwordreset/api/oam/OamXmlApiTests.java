package dev.passwordreset.api.oam;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import dev.passwordreset.ApiTest;
import dev.passwordreset.HttpApi;
import dev.passwordreset.HttpApi.ApiResponse;
import dev.passwordreset.TestCredentials;
import dev.passwordreset.TestSecrets;
import dev.passwordreset.api.oam.OamFixtures.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.passwordreset.api.oam.OamAssertions.assertResult;
import static dev.passwordreset.api.oam.OamAssertions.assertSuccess;
import static dev.passwordreset.api.oam.OamFixtures.MFA;
import static dev.passwordreset.api.oam.OamFixtures.PSWD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAM's APIs in XML as well as JSON, as Oracle documents them: {@code Content-Type} says
 * how the request is read and {@code Accept} how the answer is written, JSON by default.
 * The XML answers are parsed with the JDK's own parser, and nothing about XML leaks into
 * the Huawei face.
 */
@ApiTest
class OamXmlApiTests {

	private static final String APP = "portal";

	private static final String XML = "application/xml";

	@LocalServerPort
	int port;

	HttpApi admin;

	Store store;

	@BeforeEach
	void newStore() {
		this.admin = HttpApi.on(this.port).as(TestCredentials.MANAGEMENT);
		this.store = OamFixtures.createStore(this.admin);
	}

	@Test
	void createValidateAndResetWithOtpRoundTripInXml() {
		OamFixtures.createUser(this.admin, this.store, "xena", null, null);
		HttpApi xml = this.admin.header("Accept", XML);

		ApiResponse created = xml.send("POST", MFA + "/createOTP", XML, """
				<CreateOTPRequest>
				  <appName>portal</appName>
				  <deliveryChannel>custom</deliveryChannel>
				  <userId>xena</userId>
				  <idStore>%s</idStore>
				</CreateOTPRequest>""".formatted(this.store.name()));
		Element createdBody = assertXmlResult(created, 200, "0");
		assertThat(createdBody.getTagName()).isEqualTo("CreateOTPResponse");
		String correlationId = text(createdBody, "correlationId");
		String code = text(createdBody, "minorCode");
		TestSecrets.remember(code);
		assertThat(correlationId).matches("[0-9a-f]{32}");
		assertThat(code).matches("[0-9]{6}");

		String otp = """
				<otp>
				  <appName>portal</appName>
				  <correlationId>%s</correlationId>
				  <otpCode>%s</otpCode>
				  <userId>xena</userId>
				  <idStore>%s</idStore>
				</otp>""".formatted(correlationId, code, this.store.name());
		Element validated = assertXmlResult(
				xml.send("POST", MFA + "/validateOTP", XML, otp.replace("otp>", "ValidateOTPRequest>")), 200, "0");
		assertThat(validated.getTagName()).isEqualTo("ValidateOTPResponse");
		assertThat(text(validated, "message")).isNotBlank();

		TestSecrets.remember("Cobalt-Orchard-Lantern-58");
		Element reset = assertXmlResult(xml.send("POST", PSWD + "/PasswordResetRequestsWithOTP", XML, """
				<PasswordResetRequestWithOTPRequest>
				  %s
				  <password>Cobalt-Orchard-Lantern-58</password>
				  <username>
				    <username>xena</username>
				    <idstoreref>%s</idstoreref>
				    <tenantname>systemTenant</tenantname>
				  </username>
				</PasswordResetRequestWithOTPRequest>""".formatted(otp, this.store.name())), 200, "0");
		assertThat(reset.getElementsByTagName("messages").getLength()).as("messages, present and empty").isEqualTo(1);
		assertThat(reset.getElementsByTagName("PolicyMessage").getLength()).isZero();
		assertThat(OamFixtures.signIn(this.admin, this.store, "xena", "Cobalt-Orchard-Lantern-58")).isEqualTo(200);
	}

	@Test
	void createValidateAndResetWithOtpRoundTripInJsonWhenAskedForJson() {
		OamFixtures.createUser(this.admin, this.store, "yara", null, null);
		HttpApi json = this.admin.header("Accept", "application/json");
		ApiResponse created = json.post(MFA + "/createOTP",
				OamFixtures.JSON.createObjectNode()
					.put("appName", APP)
					.put("deliveryChannel", "custom")
					.put("userId", "yara")
					.put("idStore", this.store.name())
					.toString());
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(created.header("Content-Type")).startsWith("application/json");
		assertThat(created.text("resultCode")).isEqualTo("0");
		OamFixtures.Issued issued = new OamFixtures.Issued(created.text("correlationId"), created.text("minorCode"));
		TestSecrets.remember(issued.code());
		assertThat(issued.correlationId()).matches("[0-9a-f]{32}");

		assertSuccess(OamFixtures.validateOtp(json, OamFixtures.otp(this.store, "yara", APP, issued)));
		ApiResponse reset = OamFixtures.resetWithOtp(json, "", OamFixtures.otp(this.store, "yara", APP, issued),
				"Cobalt-Orchard-Lantern-59", OamFixtures.username(this.store, "yara", null));
		assertThat(assertSuccess(reset).get("messages").isEmpty()).isTrue();
		assertThat(OamFixtures.signIn(this.admin, this.store, "yara", "Cobalt-Orchard-Lantern-59")).isEqualTo(200);
	}

	@Test
	void anXmlRequestWithoutAcceptGetsJsonAndAcceptPicksTheAnswersFormat() {
		OamFixtures.createUser(this.admin, this.store, "zoe", null, null);
		String body = "<r><password>Cobalt-Orchard-Lantern-60</password></r>";
		assertSuccess(this.admin.send("POST", PSWD + "/PasswordValidateRequests/zoe/" + this.store.name(), XML, body));
		assertXmlResult(this.admin.header("Accept", "application/json;q=0.5, application/xml")
			.send("POST", PSWD + "/PasswordValidateRequests/zoe/" + this.store.name(), XML, body), 200, "0");
		assertSuccess(this.admin.header("Accept", "*/*")
			.send("POST", PSWD + "/PasswordValidateRequests/zoe/" + this.store.name(), XML, body));

		ApiResponse policy = this.admin.header("Accept", XML)
			.get(PSWD + "/UserPasswordPolicyRetriever/zoe/" + this.store.name());
		Element described = assertXml(policy, 200);
		assertThat(described.getTagName()).isEqualTo("PolicyDescriptionResponse");
		NodeList rules = described.getElementsByTagName("PolicyMessage");
		assertThat(rules.getLength()).isGreaterThan(3);
		assertThat(text((Element) rules.item(0), "resourceBundleKey")).isEqualTo("PasswordMinLength");
	}

	@Test
	void aRefusedPasswordListsItsBrokenRulesInXml() {
		OamFixtures.createUser(this.admin, this.store, "ugo", null, null);
		ApiResponse refused = this.admin.header("Accept", XML)
			.send("POST", PSWD + "/PasswordValidateRequests/ugo/" + this.store.name(), XML,
					"<r><password>ugo</password></r>");
		Element body = assertXmlResult(refused, 400, "5");
		NodeList messages = body.getElementsByTagName("PolicyMessage");
		assertThat(messages.getLength()).isEqualTo(2);
		assertThat(text((Element) messages.item(0), "resourceBundleKey")).isEqualTo("PasswordMinLength");
		assertThat(text((Element) messages.item(1), "resourceBundleKey")).isEqualTo("PasswordUserAttributes");
	}

	@Test
	void malformedXmlIsA400InOamsOwnBodyInTheFormatAsked() {
		String broken = "<CreateOTPRequest><appName>portal</appName><userId>";
		Element xmlError = assertXmlResult(
				this.admin.header("Accept", XML).send("POST", MFA + "/createOTP", XML, broken), 400, "10");
		assertThat(text(xmlError, "message")).contains("not valid XML").doesNotContainPattern(OamAssertions.INTERNALS);
		assertResult(this.admin.send("POST", MFA + "/createOTP", XML, broken), 400, "10", "MALFORMED_REQUEST");
		assertResult(this.admin.send("POST", MFA + "/createOTP", XML, "<r><otp>not an object"), 400, "10",
				"MALFORMED_REQUEST");
		assertResult(this.admin.send("POST", MFA + "/createOTP", XML, ""), 400, "10", "MALFORMED_REQUEST");
		assertResult(this.admin.send("POST", MFA + "/createOTP", "text/xml", "<r/>"), 415, "10", "MALFORMED_REQUEST");
	}

	@Test
	void anExternalEntityIsNeitherResolvedNorEchoed() {
		OamFixtures.createUser(this.admin, this.store, "root", null, null);
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<r><appName>portal</appName><deliveryChannel>custom</deliveryChannel><userId>&xxe;</userId>
				<idStore>%s</idStore></r>""".formatted(this.store.name());
		for (HttpApi caller : new HttpApi[] { this.admin, this.admin.header("Accept", XML) }) {
			ApiResponse refused = caller.send("POST", MFA + "/createOTP", XML, xxe);
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).doesNotContain("root:").doesNotContain("/bin/").contains("MALFORMED_REQUEST");
		}
	}

	@Test
	void aBillionLaughsIsRefusedAtOnce() {
		StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
		for (int level = 1; level <= 9; level++) {
			entities.append("<!ENTITY lol")
				.append(level)
				.append(" \"")
				.append(("&lol" + (level - 1) + ";").repeat(10))
				.append("\">");
		}
		String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [" + entities + "]><r><appName>&lol9;</appName></r>";
		Instant start = Instant.now();
		ApiResponse refused = this.admin.header("Accept", XML).send("POST", MFA + "/createOTP", XML, laughs);
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
		Element body = assertXmlResult(refused, 400, "10");
		assertThat(text(body, "message")).doesNotContain("lol");
		assertThat(refused.body().length()).isLessThan(1000);
	}

	@Test
	void theHuaweiFaceStillAnswersJsonWhenAskedForXml() {
		String policyPath = "/v1/identity-stores/" + this.store.id() + "/password-policy";
		ApiResponse policy = this.admin.header("Accept", "application/xml, application/json;q=0.5").get(policyPath);
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		assertThat(policy.header("Content-Type")).startsWith("application/json");
		assertThat(policy.json().get("password_policy").get("minimum_password_length").asInt()).isPositive();

		ApiResponse onlyXml = this.admin.header("Accept", XML).get(policyPath);
		assertThat(onlyXml.header("Content-Type")).startsWith("application/json");
		assertThat(onlyXml.json().has("error_code")).isTrue();

		ApiResponse xmlBody = this.admin.send("POST", "/v1/identity-stores", XML, "<name>x</name>");
		assertThat(xmlBody.status()).isEqualTo(415);
		assertThat(xmlBody.header("Content-Type")).startsWith("application/json");
		assertThat(xmlBody.json().get("error_code").asString()).isNotBlank();
	}

	private static Element assertXmlResult(ApiResponse response, int status, String resultCode) {
		Element root = assertXml(response, status);
		assertThat(text(root, "resultCode")).as(response.body()).isEqualTo(resultCode);
		assertThat(text(root, "message")).isNotBlank().doesNotContainPattern(OamAssertions.INTERNALS);
		return root;
	}

	private static Element assertXml(ApiResponse response, int status) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith(XML);
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			Document document = factory.newDocumentBuilder()
				.parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
			return document.getDocumentElement();
		}
		catch (Exception ex) {
			throw new AssertionError("not XML: " + response.body(), ex);
		}
	}

	private static String text(Element parent, String tag) {
		NodeList found = parent.getElementsByTagName(tag);
		assertThat(found.getLength()).as("<%s> in <%s>", tag, parent.getTagName()).isGreaterThan(0);
		return found.item(0).getTextContent();
	}

}
