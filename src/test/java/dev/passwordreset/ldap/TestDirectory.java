package dev.passwordreset.ldap;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real OpenLDAP for the tests: Debian's {@code slapd}, started once per JVM on a free
 * loopback port with a throw-away {@code slapd.conf} and database in a temporary
 * directory, the {@code ppolicy} overlay loaded, and a tree under
 * {@code dc=ngam,dc=oracle,dc=com} that holds the seed's user
 * {@code cn=normal,ou=users,dc=ngam,dc=oracle,dc=com}. It is stopped, and its directory
 * deleted, when the JVM exits.
 * <p>
 * The default password policy (an entry the overlay reads, as a directory administrator
 * would configure it) refuses passwords shorter than {@value #MIN_LENGTH} characters and
 * the last 3 passwords; the tests' store policy allows shorter ones, so the directory's
 * own refusal can be seen. It enforces locks ({@code pwdLockout}), so that an account
 * locked by an administrator does not bind, but counts no failed binds. The service binds
 * as {@link #SERVICE_DN}, an ordinary entry that an ACL lets write passwords, so ppolicy
 * applies to its changes as to any administrator's (it would not to the rootdn).
 * <p>
 * Without {@code slapd} the calling test is skipped visibly; under {@code CI=true} it
 * fails, since {@code .ci/run} installs it.
 */
public final class TestDirectory {

	public static final String BASE = "dc=ngam,dc=oracle,dc=com";

	public static final String USERS = "ou=users," + BASE;

	public static final String SEED_DN = "cn=normal," + USERS;

	public static final String SERVICE_DN = "cn=reset-service,ou=services," + BASE;

	/**
	 * A second password policy, for the users a test puts under it
	 * ({@link #requireChangeAfterReset}): {@code pwdMustChange}, so that a password set
	 * by anyone but the user must be changed at the next bind.
	 */
	public static final String MUST_CHANGE_POLICY = "cn=must-change,ou=policies," + BASE;

	public static final int MIN_LENGTH = 16;

	private static final String ROOT_DN = "cn=admin," + BASE;

	private static final File SLAPD = new File("/usr/sbin/slapd");

	private static final File SLAPADD = new File("/usr/sbin/slapadd");

	private static volatile TestDirectory shared;

	private final Path home;

	private final int port;

	private final String rootSecret = UUID.randomUUID().toString();

	private final String serviceSecret = UUID.randomUUID().toString();

	private Process slapd;

	private TestDirectory(Path home, int port) {
		this.home = home;
		this.port = port;
	}

	/** The one directory of this JVM, started on first use. */
	public static TestDirectory shared() {
		boolean installed = SLAPD.canExecute() && SLAPADD.canExecute();
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true needs /usr/sbin/slapd and slapadd (.ci/run installs slapd)");
		}
		assumeTrue(installed, "slapd is not installed (apt-get install slapd ldap-utils); the LDAP test is skipped");
		synchronized (TestDirectory.class) {
			if (shared == null) {
				try {
					TestDirectory directory = new TestDirectory(Files.createTempDirectory("slapd-test"), freePort());
					directory.configure();
					directory.start();
					Runtime.getRuntime().addShutdownHook(new Thread(directory::destroy, "slapd-test-stop"));
					shared = directory;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			return shared;
		}
	}

	public String url() {
		return "ldap://127.0.0.1:" + this.port;
	}

	public String serviceSecret() {
		return this.serviceSecret;
	}

	/**
	 * Whether a simple bind with this name and password succeeds: how the tests prove
	 * which password the directory holds.
	 */
	public boolean canBind(String dn, String password) {
		try (LDAPConnection connection = new LDAPConnection("127.0.0.1", this.port)) {
			connection.bind(dn, password);
			return true;
		}
		catch (LDAPException ex) {
			if (ex.getResultCode().intValue() == 49) {
				return false;
			}
			throw new IllegalStateException("bind as " + dn + " failed for another reason: " + ex.getResultCode(), ex);
		}
	}

	/**
	 * A new person under {@code ou=users}, with this password set by the rootdn (so no
	 * policy and no history), and its {@code entryUUID}.
	 */
	public UUID addUser(String uid, String mail, String password) {
		String dn = "cn=" + uid + "," + USERS;
		try (LDAPConnection connection = root()) {
			connection.add(dn, new Attribute("objectClass", "inetOrgPerson"), new Attribute("cn", uid),
					new Attribute("uid", uid), new Attribute("sn", "Zephyrus"), new Attribute("givenName", "Quinn"),
					new Attribute("displayName", "Quinn Zephyrus"), new Attribute("mail", mail),
					new Attribute("userPassword", password));
			return entryUuid(connection, dn);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not add " + dn, ex);
		}
	}

	/**
	 * Puts the user under {@link #MUST_CHANGE_POLICY}, as an administrator would with
	 * {@code pwdPolicySubentry}.
	 */
	public void requireChangeAfterReset(String dn) {
		replace(dn, "pwdPolicySubentry", MUST_CHANGE_POLICY);
	}

	/** Deletes an entry as the rootdn, as another administrator might at any moment. */
	public void delete(String dn) {
		try (LDAPConnection connection = root()) {
			connection.delete(dn);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not delete " + dn, ex);
		}
	}

	/**
	 * Sets a password as the rootdn, bypassing policy: how a test puts the seed user into
	 * a known state.
	 */
	public void resetAsRoot(String dn, String password) {
		try (LDAPConnection connection = root()) {
			connection.modify(dn, new Modification(ModificationType.REPLACE, "userPassword", password));
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not set the password of " + dn, ex);
		}
	}

	/** Replaces an attribute's values as the rootdn: a phone number, say. */
	public void replace(String dn, String attribute, String... values) {
		try (LDAPConnection connection = root()) {
			connection.modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not change " + dn, ex);
		}
	}

	/** The {@code userPassword} value as the directory stored it, read as the rootdn. */
	public String storedPassword(String dn) {
		try (LDAPConnection connection = root()) {
			return connection.getEntry(dn, "userPassword").getAttributeValue("userPassword");
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not read " + dn, ex);
		}
	}

	/**
	 * The entry's user attributes, each with its values, read as the rootdn; empty when
	 * there is no such entry.
	 */
	public Map<String, List<String>> attributes(String dn) {
		try (LDAPConnection connection = root()) {
			SearchResultEntry entry = connection.getEntry(dn);
			Map<String, List<String>> values = new LinkedHashMap<>();
			if (entry != null) {
				entry.getAttributes()
					.forEach((attribute) -> values.put(attribute.getName(), List.of(attribute.getValues())));
			}
			return values;
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not read " + dn, ex);
		}
	}

	/**
	 * An operational attribute's value (ppolicy's {@code pwdAccountLockedTime}), read as
	 * the rootdn; null when the entry has none.
	 */
	public String operational(String dn, String attribute) {
		try (LDAPConnection connection = root()) {
			SearchResultEntry entry = connection.getEntry(dn, attribute);
			return (entry != null) ? entry.getAttributeValue(attribute) : null;
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not read " + dn, ex);
		}
	}

	/**
	 * How many entries under {@code ou=users} have this {@code uid}, read as the rootdn.
	 */
	public int countByUid(String uid) {
		try (LDAPConnection connection = root()) {
			return connection.search(USERS, SearchScope.SUB, Filter.createEqualityFilter("uid", uid), "1.1")
				.getEntryCount();
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not search for " + uid, ex);
		}
	}

	public UUID entryUuid(String dn) {
		try (LDAPConnection connection = root()) {
			return entryUuid(connection, dn);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not read " + dn, ex);
		}
	}

	/** Stops the server, as an outage would; {@link #start()} brings it back. */
	public synchronized void stop() {
		if (this.slapd != null) {
			this.slapd.destroy();
			try {
				if (!this.slapd.waitFor(20, TimeUnit.SECONDS)) {
					this.slapd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.slapd = null;
		}
	}

	/** Starts the server on its port and waits until it answers a bind. */
	public synchronized void start() {
		if (this.slapd != null) {
			return;
		}
		try {
			// -d 0: in the foreground, so the process is ours to stop, logging nothing.
			this.slapd = new ProcessBuilder(SLAPD.getPath(), "-f", conf().toString(), "-h", url() + "/", "-d", "0")
				.redirectErrorStream(true)
				.redirectOutput(this.home.resolve("slapd.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(this::answers);
	}

	private boolean answers() {
		if (this.slapd == null || !this.slapd.isAlive()) {
			throw new IllegalStateException("slapd exited; see " + this.home.resolve("slapd.log"));
		}
		try (LDAPConnection connection = root()) {
			return true;
		}
		catch (LDAPException ex) {
			return false;
		}
	}

	private LDAPConnection root() throws LDAPException {
		return new LDAPConnection("127.0.0.1", this.port, ROOT_DN, this.rootSecret);
	}

	private static UUID entryUuid(LDAPConnection connection, String dn) throws LDAPException {
		SearchResultEntry entry = connection.getEntry(dn, "entryUUID");
		return UUID.fromString(entry.getAttributeValue("entryUUID"));
	}

	private Path conf() {
		return this.home.resolve("slapd.conf");
	}

	private void configure() throws IOException {
		Path db = Files.createDirectories(this.home.resolve("db"));
		String service = "dn.exact=\"" + SERVICE_DN + "\"";
		Files.writeString(conf(), String.join("\n", "include /etc/ldap/schema/core.schema",
				"include /etc/ldap/schema/cosine.schema", "include /etc/ldap/schema/inetorgperson.schema",
				"include /etc/ldap/schema/nis.schema", "modulepath /usr/lib/ldap", "moduleload back_mdb",
				"moduleload ppolicy", "pidfile " + this.home.resolve("slapd.pid"),
				"argsfile " + this.home.resolve("slapd.args"), "password-hash {SSHA}", "database mdb",
				"suffix \"" + BASE + "\"", "rootdn \"" + ROOT_DN + "\"", "rootpw " + this.rootSecret, "directory " + db,
				"maxsize 10485760", "access to attrs=userPassword", "  by " + service + " write", "  by self write",
				"  by anonymous auth", "  by * none",
				// Writable stores add and delete entries under ou=users.
				"access to dn.subtree=\"" + USERS + "\"", "  by " + service + " write", "  by self read", "  by * none",
				"access to *", "  by " + service + " read", "  by self read", "  by * none", "overlay ppolicy",
				"ppolicy_default \"cn=default,ou=policies," + BASE + "\"", "ppolicy_hash_cleartext", ""),
				StandardCharsets.UTF_8);
		Path ldif = this.home.resolve("tree.ldif");
		Files.writeString(ldif, String.join("\n", "dn: " + BASE, "objectClass: dcObject", "objectClass: organization",
				"o: ngam", "dc: ngam", "", "dn: " + USERS, "objectClass: organizationalUnit", "ou: users", "",
				"dn: ou=services," + BASE, "objectClass: organizationalUnit", "ou: services", "",
				"dn: ou=policies," + BASE, "objectClass: organizationalUnit", "ou: policies", "",
				"dn: cn=default,ou=policies," + BASE, "objectClass: pwdPolicy", "objectClass: device", "cn: default",
				"pwdAttribute: userPassword", "pwdLockout: TRUE", "pwdMinLength: " + MIN_LENGTH, "pwdInHistory: 3",
				"pwdCheckQuality: 1", "", "dn: " + MUST_CHANGE_POLICY, "objectClass: pwdPolicy", "objectClass: device",
				"cn: must-change", "pwdAttribute: userPassword", "pwdLockout: TRUE", "pwdMustChange: TRUE", "",
				"dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
				"cn: reset-service", "userPassword: " + this.serviceSecret, "", "dn: " + SEED_DN,
				"objectClass: inetOrgPerson", "cn: normal", "uid: normal", "sn: User", "givenName: Normal",
				"displayName: Normal User", "mail: normal@ngam.example.com", "userPassword: " + UUID.randomUUID(), ""),
				StandardCharsets.UTF_8);
		Process load = new ProcessBuilder(SLAPADD.getPath(), "-f", conf().toString(), "-l", ldif.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.home.resolve("slapadd.log").toFile())
			.start();
		try {
			if (!load.waitFor(60, TimeUnit.SECONDS) || load.exitValue() != 0) {
				throw new IllegalStateException(
						"slapadd failed: " + Files.readString(this.home.resolve("slapadd.log")));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void destroy() {
		stop();
		try {
			FileSystemUtils.deleteRecursively(this.home);
		}
		catch (IOException ex) {
			// A temporary directory left behind is harmless.
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
