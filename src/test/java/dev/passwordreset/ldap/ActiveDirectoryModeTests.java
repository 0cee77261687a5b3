package dev.passwordreset.ldap;

import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Active Directory mode against a directory that records what it is sent: UnboundID's
 * in-memory server over LDAPS with a throw-away certificate, schema checks off so that it
 * takes AD's attributes as they come. It shows what a real AD cannot: the exact bytes of
 * the quoted UTF-16LE {@code unicodePwd}, the byte order of a known {@code objectGUID},
 * {@code pwdLastSet} left out when no change is required, the {@code userAccountControl}
 * modifications as sent and a concurrent change of another flag. That a real AD takes
 * them is proven against Samba's domain controller ({@link SambaActiveDirectoryTests}).
 */
class ActiveDirectoryModeTests {

	private static final String DN = "cn=Ann Example,cn=Users,dc=example,dc=com";

	/** {@code 01020304-0506-0708-090a-0b0c0d0e0f10} as AD writes it. */
	private static final byte[] GUID = { 4, 3, 2, 1, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14, 15, 16 };

	private InMemoryDirectoryServer server;

	private LdapDirectories directories;

	/** The changes of {@code userAccountControl} the directory was sent, in order. */
	private final List<String> accountControlChanges = new CopyOnWriteArrayList<>();

	/**
	 * Set, the next change of {@code userAccountControl} finds that another administrator
	 * set PASSWD_NOTREQD (0x20) just before it.
	 */
	private final AtomicBoolean anotherAdministratorFirst = new AtomicBoolean();

	@BeforeEach
	void start() throws Exception {
		ObjectPair<File, char[]> keyStore = SelfSignedCertificateGenerator
			.generateTemporarySelfSignedCertificate("ActiveDirectoryModeTests", "PKCS12");
		SSLUtil serverSsl = new SSLUtil(
				new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12", null),
				new TrustAllTrustManager());
		InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
		config.setSchema(null);
		config.addAdditionalBindCredentials("cn=svc,dc=example,dc=com", "svc-secret");
		config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("LDAPS", InetAddress.getByName("127.0.0.1"),
				0, serverSsl.createSSLServerSocketFactory(), null));
		config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {

			@Override
			public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
				for (Modification modification : request.getRequest().getModifications()) {
					if (modification.getAttributeName().equals("userAccountControl")) {
						if (ActiveDirectoryModeTests.this.anotherAdministratorFirst.getAndSet(false)) {
							ActiveDirectoryModeTests.this.server.modify(DN,
									new Modification(ModificationType.REPLACE, "userAccountControl", "66080"));
						}
						ActiveDirectoryModeTests.this.accountControlChanges
							.add(modification.getModificationType().getName() + " " + modification.getValues()[0]);
					}
					if (modification.getAttributeName().equals("unicodePwd")
							&& new String(modification.getValueByteArrays()[0], StandardCharsets.UTF_16LE)
								.equals("\"Simple-1\"")) {
						// What AD answers for a password its policy refuses.
						throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION,
								"0000052D: Constraint violation - check_password_restrictions: "
										+ "the password does not meet the complexity criteria!");
					}
				}
			}

		});
		this.server = new InMemoryDirectoryServer(config);
		this.server.add(new Entry("dc=example,dc=com", new Attribute("objectClass", "top", "domain"),
				new Attribute("dc", "example")));
		this.server.add(new Entry("cn=Users,dc=example,dc=com", new Attribute("objectClass", "container"),
				new Attribute("cn", "Users")));
		this.server.add(
				new Entry(DN, new Attribute("objectClass", "top", "person", "user"), new Attribute("cn", "Ann Example"),
						new Attribute("sAMAccountName", "ann"), new Attribute("objectGUID", GUID),
						new Attribute("mail", "ann@example.com"), new Attribute("pwdLastSet", "133000000000000000"),
						// NORMAL_ACCOUNT and DONT_EXPIRE_PASSWORD.
						new Attribute("userAccountControl", "66048")));
		this.server.startListening();
		LdapProperties.Directory directory = new LdapProperties.Directory(
				"ldaps://127.0.0.1:" + this.server.getListenPort(), false, keyStore.getFirst().getPath(),
				new String(keyStore.getSecond()), "cn=svc,dc=example,dc=com", "svc-secret",
				"cn=Users,dc=example,dc=com", "(objectClass=user)",
				new LdapProperties.Attributes("sAMAccountName", "objectGUID", "displayName", "givenName", "sn", "mail",
						"telephoneNumber", "preferredLanguage"),
				PasswordWriteMode.ACTIVE_DIRECTORY, false, Duration.ofSeconds(5), Duration.ofSeconds(10), 2, false,
				new LdapProperties.NewEntry(List.of("top", "person"), "cn", null));
		this.directories = new LdapDirectories(new LdapProperties(Map.of("ad", directory)), new SimpleMeterRegistry());
	}

	@AfterEach
	void stop() {
		this.directories.destroy();
		this.server.shutDown(true);
	}

	@Test
	void theUserIsKeyedByItsObjectGuidReadInActiveDirectorysByteOrder() {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();

		assertThat(user.id()).isEqualTo(UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10"));
		assertThat(this.directories.findById("ad", user.id())).contains(user);
	}

	@Test
	void aRequiredChangeWritesTheQuotedUtf16LePasswordAndZeroesPwdLastSet() throws LDAPException {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();

		this.directories.setPassword("ad", user, "Neues-Passwort-\u00e4-1", true);

		Entry stored = this.server.getEntry(DN);
		assertThat(stored.getAttributeValueBytes("unicodePwd"))
			.isEqualTo(new byte[] { '"', 0, 'N', 0, 'e', 0, 'u', 0, 'e', 0, 's', 0, '-', 0, 'P', 0, 'a', 0, 's', 0, 's',
					0, 'w', 0, 'o', 0, 'r', 0, 't', 0, '-', 0, (byte) 0xe4, 0, '-', 0, '1', 0, '"', 0 });
		assertThat(stored.getAttributeValue("pwdLastSet")).isEqualTo("0");
	}

	@Test
	void aPasswordTheUserKeepsLeavesPwdLastSetToTheDirectory() throws LDAPException {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();

		this.directories.setPassword("ad", user, "Kept-Password-2026", false);

		Entry stored = this.server.getEntry(DN);
		assertThat(new String(stored.getAttributeValueBytes("unicodePwd"), StandardCharsets.UTF_16LE))
			.isEqualTo("\"Kept-Password-2026\"");
		assertThat(stored.getAttributeValue("pwdLastSet")).isEqualTo("133000000000000000");
	}

	@Test
	void activeDirectorysConstraintViolationIsARefusalWithoutItsMessage() throws LDAPException {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();

		assertThatExceptionOfType(DirectoryPasswordRefusedException.class)
			.isThrownBy(() -> this.directories.setPassword("ad", user, "Simple-1", false))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DirectoryPasswordRefusedException.Reason.REFUSED))
			.withMessageNotContaining("0000052D");
		assertThat(this.server.getEntry(DN).getAttribute("unicodePwd")).isNull();
	}

	@Test
	void disablingSetsTheAccountDisableBitOfUserAccountControlAndEnablingClearsItKeepingTheOtherFlags()
			throws LDAPException {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();
		assertThat(user.enabled()).isTrue();

		this.directories.setEnabled("ad", user, false);

		assertThat(this.server.getEntry(DN).getAttributeValue("userAccountControl")).isEqualTo("66050");
		assertThat(this.directories.findById("ad", user.id())).hasValueSatisfying((read) -> {
			assertThat(read.enabled()).isFalse();
		});
		assertThat(this.directories.describe("ad", user.id()))
			.hasValueSatisfying((read) -> assertThat(read.enabled()).isFalse());

		this.directories.setEnabled("ad", user, false);
		this.directories.setEnabled("ad", user, true);

		assertThat(this.server.getEntry(DN).getAttributeValue("userAccountControl")).isEqualTo("66048");
		assertThat(this.directories.findById("ad", user.id()))
			.hasValueSatisfying((read) -> assertThat(read.enabled()).isTrue());
		assertThat(this.accountControlChanges).as("the value read is replaced in one modification, only on a change")
			.containsExactly("DELETE 66048", "ADD 66050", "DELETE 66050", "ADD 66048");
	}

	@Test
	void aConcurrentChangeOfAnotherFlagIsReadAgainNotOverwritten() throws LDAPException {
		DirectoryUser user = this.directories.findByUserName("ad", "ann").orElseThrow();
		this.anotherAdministratorFirst.set(true);

		this.directories.setEnabled("ad", user, false);

		assertThat(this.server.getEntry(DN).getAttributeValue("userAccountControl")).as("both flags kept")
			.isEqualTo("66082");
		assertThat(this.accountControlChanges).as("the first write found the value it read gone, and was retried")
			.containsSubsequence("DELETE 66048", "DELETE 66080", "ADD 66082");
	}

	@Test
	void aDirectoryThatIsGoneIsUnavailableNotAMissingUser() {
		this.server.shutDown(true);

		assertThatExceptionOfType(DirectoryUnavailableException.class)
			.isThrownBy(() -> this.directories.findByUserName("ad", "ann"));
	}

}
