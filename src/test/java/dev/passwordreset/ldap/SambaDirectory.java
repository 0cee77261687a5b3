package dev.passwordreset.ldap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocketFactory;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import dev.passwordreset.TestSecrets;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Active Directory for the tests: Debian's Samba AD domain controller, provisioned
 * with {@code samba-tool domain provision} into a temporary directory and started once
 * per JVM, in the foreground, serving LDAP only ({@code server services = ldap}). AD's
 * LDAP ports are fixed (389 and 636), so it listens on a loopback address of its own,
 * {@code 127.x.y.z} chosen at random, with a throw-away certificate for that address
 * which the service trusts through a PKCS#12 trust store. Samba is stopped, and its
 * directory deleted, when the JVM exits; it also ends by itself when its standard input
 * closes (a JVM that was killed), or after two hours.
 * <p>
 * The domain keeps Samba's default policy, which is Active Directory's: complexity on, at
 * least 7 characters, 24 remembered passwords, a minimum age of one day. An
 * administrator's reset is held to complexity and length, not to history or age, as in
 * Windows. One setting differs from Samba's default: {@code old password allowed period
 * = 0}, where by default the previous password still binds for an hour after a change.
 * The service binds as {@link #SERVICE_DN}, a member of Account Operators, which may
 * reset the passwords of ordinary users and change their {@code userAccountControl}, as a
 * delegated help-desk account would.
 * <p>
 * {@link #planned()} fixes the address, the certificate and the secrets without starting
 * anything, so that an application context can name the directory before a test needs it;
 * {@link #shared()} provisions and starts it. Without Samba (or without root, which ports
 * 389 and 636 need) the calling test is skipped visibly; under {@code CI=true} it fails,
 * since {@code .ci/run} installs it.
 */
public final class SambaDirectory {

	public static final String REALM = "PWRESET.TEST";

	public static final String BASE = "DC=pwreset,DC=test";

	public static final String USERS = "CN=Users," + BASE;

	public static final String SERVICE_DN = "CN=reset-service," + USERS;

	private static final String ADMINISTRATOR_DN = "CN=Administrator," + USERS;

	private static final File SAMBA = new File("/usr/sbin/samba");

	private static final File SAMBA_TOOL = new File("/usr/bin/samba-tool");

	/** samba-ad-provision's templates, without which a provision cannot start. */
	private static final File PROVISION_DATA = new File("/usr/share/samba/setup");

	private static final int LDAPS_PORT = 636;

	/** Active Directory's extended DN control: DNs come back with {@code <GUID=...>}. */
	private static final String EXTENDED_DN = "1.2.840.113556.1.4.529";

	/**
	 * The {@code data} code of Active Directory's bind failures (AcceptSecurityContext).
	 */
	private static final Pattern BIND_DATA = Pattern.compile("data ([0-9a-fA-F]+)");

	private static SambaDirectory planned;

	private static SambaDirectory shared;

	private final Path home;

	private final String address;

	private final String trustStorePassword = UUID.randomUUID().toString();

	private final String administratorSecret = "Adm-" + UUID.randomUUID();

	private final String serviceSecret = "Svc-" + UUID.randomUUID();

	private Process samba;

	private SambaDirectory(Path home, String address) {
		this.home = home;
		this.address = address;
	}

	/**
	 * The directory of this JVM as the service will find it: its address, certificate and
	 * secrets, fixed on first call; nothing runs until {@link #shared()}.
	 */
	public static synchronized SambaDirectory planned() {
		if (planned == null) {
			try {
				SambaDirectory directory = new SambaDirectory(Files.createTempDirectory("samba-test"), freeAddress());
				directory.certify();
				TestSecrets.remember(directory.administratorSecret);
				TestSecrets.remember(directory.serviceSecret);
				Runtime.getRuntime().addShutdownHook(new Thread(directory::destroy, "samba-test-stop"));
				planned = directory;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return planned;
	}

	/** The one directory of this JVM, provisioned and started on first use. */
	public static synchronized SambaDirectory shared() {
		boolean installed = SAMBA.canExecute() && SAMBA_TOOL.canExecute() && PROVISION_DATA.isDirectory();
		boolean root = isRoot();
		if (!(installed && root) && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true needs /usr/sbin/samba and samba-tool (.ci/run installs "
					+ "samba-ad-dc) and root, for AD's ports 389 and 636");
		}
		assumeTrue(installed, "Samba is not installed (apt-get install --no-install-recommends samba-ad-dc "
				+ "samba-ad-provision); the Active Directory test is skipped");
		assumeTrue(root, "Samba's AD domain controller needs root for ports 389 and 636; the Active Directory "
				+ "test is skipped");
		if (shared == null) {
			SambaDirectory directory = planned();
			directory.provision();
			directory.start();
			directory.addServiceAccount();
			shared = directory;
		}
		return shared;
	}

	public String url() {
		return "ldaps://" + this.address + ":" + LDAPS_PORT;
	}

	public String trustStore() {
		return this.home.resolve("trust.p12").toString();
	}

	public String trustStorePassword() {
		return this.trustStorePassword;
	}

	public String serviceSecret() {
		return this.serviceSecret;
	}

	/**
	 * A new, enabled user under {@code CN=Users} named by {@code sAMAccountName}, with
	 * this password set by the administrator, and its {@code objectGUID} in the form AD
	 * itself writes as text (read through the extended DN control, so not by the
	 * service's own byte-order conversion).
	 */
	public UUID addUser(String accountName, String mail, String password) {
		String dn = dnOf(accountName);
		try (LDAPConnection connection = administrator()) {
			connection.add(dn, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", accountName),
					new Attribute("givenName", "Quinn"), new Attribute("sn", "Zephyrus"),
					new Attribute("displayName", "Quinn Zephyrus"), new Attribute("mail", mail),
					// NORMAL_ACCOUNT
					new Attribute("userAccountControl", "512"), new Attribute("unicodePwd", unicodePwd(password)));
			return guidOf(connection, dn);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not add " + dn + ": " + ex.getResultCode(), ex);
		}
	}

	public static String dnOf(String accountName) {
		return "CN=" + accountName + "," + USERS;
	}

	/** An attribute's value as the administrator reads it; null when it has none. */
	public String attribute(String dn, String attribute) {
		try (LDAPConnection connection = administrator()) {
			SearchResultEntry entry = connection.getEntry(dn, attribute);
			return (entry != null) ? entry.getAttributeValue(attribute) : null;
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not read " + dn, ex);
		}
	}

	/**
	 * What the directory answers to a simple bind with this name and password: how the
	 * tests prove which password the directory holds, and in which state the account is.
	 */
	public Bind bind(String dn, String password) {
		try (LDAPConnection connection = connection()) {
			connection.bind(dn, password);
			return Bind.ACCEPTED;
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() != ResultCode.INVALID_CREDENTIALS) {
				throw new IllegalStateException("bind as " + dn + " failed for another reason: " + ex.getResultCode(),
						ex);
			}
			Matcher data = BIND_DATA.matcher(String.valueOf(ex.getDiagnosticMessage()));
			return data.find() ? Bind.of(data.group(1)) : Bind.REFUSED_OTHERWISE;
		}
	}

	/**
	 * Active Directory's answers to a simple bind, by the {@code data} code of its
	 * {@code invalidCredentials}.
	 */
	public enum Bind {

		ACCEPTED,

		/** {@code 52e}: not the account's password. */
		WRONG_PASSWORD,

		/**
		 * {@code 773}: the account's password, which must be changed first
		 * ({@code pwdLastSet=0}).
		 */
		MUST_CHANGE,

		/** {@code 533}: the account is disabled. */
		DISABLED,

		REFUSED_OTHERWISE;

		static Bind of(String data) {
			return switch (data.toLowerCase(Locale.ROOT)) {
				case "52e" -> WRONG_PASSWORD;
				case "773" -> MUST_CHANGE;
				case "533" -> DISABLED;
				default -> REFUSED_OTHERWISE;
			};
		}

	}

	private static byte[] unicodePwd(String password) {
		return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
	}

	private static UUID guidOf(LDAPConnection connection, String dn) throws LDAPException {
		// Value 1: the GUID in its string form, {@code <GUID=01020304-...>}.
		SearchRequest read = new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "1.1");
		read.addControl(
				new Control(EXTENDED_DN, false, new ASN1OctetString(new ASN1Sequence(new ASN1Integer(1)).encode())));
		String extended = connection.search(read).getSearchEntries().get(0).getDN();
		Matcher guid = Pattern.compile("<GUID=([0-9a-fA-F-]{36})>").matcher(extended);
		if (!guid.find()) {
			throw new IllegalStateException("no GUID in the extended DN " + extended);
		}
		return UUID.fromString(guid.group(1));
	}

	private LDAPConnection administrator() throws LDAPException {
		LDAPConnection connection = connection();
		try {
			connection.bind(ADMINISTRATOR_DN, this.administratorSecret);
			return connection;
		}
		catch (LDAPException ex) {
			connection.close();
			throw ex;
		}
	}

	private LDAPConnection connection() throws LDAPException {
		try {
			SSLSocketFactory sockets = new SSLUtil(
					new TrustStoreTrustManager(trustStore(), this.trustStorePassword.toCharArray(), "PKCS12", true))
				.createSSLSocketFactory();
			return new LDAPConnection(sockets, this.address, LDAPS_PORT);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The service's account: an ordinary user in Account Operators, whose password never
	 * expires (DONT_EXPIRE_PASSWORD with NORMAL_ACCOUNT).
	 */
	private void addServiceAccount() {
		try (LDAPConnection connection = administrator()) {
			connection.add(SERVICE_DN, new Attribute("objectClass", "user"),
					new Attribute("sAMAccountName", "reset-service"), new Attribute("userAccountControl", "66048"),
					new Attribute("unicodePwd", unicodePwd(this.serviceSecret)));
			connection.modify("CN=Account Operators,CN=Builtin," + BASE,
					new Modification(ModificationType.ADD, "member", SERVICE_DN));
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("could not add the service account: " + ex.getResultCode(), ex);
		}
	}

	/**
	 * A self-signed certificate for the loopback address, as PEM files for Samba (the key
	 * readable by its owner only, which Samba insists on) and as the service's trust
	 * store.
	 */
	private void certify() throws IOException {
		String keyStore = this.home.resolve("server.p12").toString();
		String password = UUID.randomUUID().toString();
		manageCertificates("generate-self-signed-certificate", "--keystore", keyStore, "--keystore-type", "PKCS12",
				"--keystore-password", password, "--alias", "dc", "--subject-dn", "CN=dc1.pwreset.test",
				"--subject-alternative-name-ip-address", this.address, "--days-valid", "30", "--key-algorithm", "RSA",
				"--key-size-bits", "2048", "--signature-algorithm", "SHA256withRSA", "--extended-key-usage",
				"server-auth");
		manageCertificates("export-certificate", "--keystore", keyStore, "--keystore-password", password, "--alias",
				"dc", "--output-format", "PEM", "--output-file", this.home.resolve("cert.pem").toString());
		// In a directory readable by its owner only (createTempDirectory's).
		Path key = this.home.resolve("key.pem");
		manageCertificates("export-private-key", "--keystore", keyStore, "--keystore-password", password, "--alias",
				"dc", "--output-format", "PEM", "--output-file", key.toString());
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
		manageCertificates("import-certificate", "--keystore", trustStore(), "--keystore-type", "PKCS12",
				"--keystore-password", this.trustStorePassword, "--alias", "dc", "--certificate-file",
				this.home.resolve("cert.pem").toString(), "--no-prompt");
	}

	private static void manageCertificates(String... arguments) {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		ResultCode result = ManageCertificates.main(new ByteArrayInputStream(new byte[0]), output, output, arguments);
		if (result != ResultCode.SUCCESS) {
			throw new IllegalStateException(
					arguments[0] + " failed: " + result + "\n" + output.toString(StandardCharsets.UTF_8));
		}
	}

	/**
	 * A domain of its own in {@code dc/} under the temporary directory: its smb.conf
	 * names every path Samba writes, so nothing outside is touched, and Samba serves LDAP
	 * only, on this directory's loopback address.
	 */
	private void provision() {
		Path dc = this.home.resolve("dc");
		List<String> command = new ArrayList<>(List.of(SAMBA_TOOL.getPath(), "domain", "provision", "--server-role=dc",
				"--dns-backend=NONE", "--realm=" + REALM, "--domain=PWRESET", "--host-name=dc1",
				"--adminpass=" + this.administratorSecret, "--targetdir=" + dc));
		for (String option : List.of(
				// Not an interface of the machine, so given with its net: Samba takes
				// the address as it is.
				"interfaces=" + this.address + "/8", "bind interfaces only=yes", "server services=ldap",
				"tls enabled=yes", "tls certfile=" + this.home.resolve("cert.pem"),
				"tls keyfile=" + this.home.resolve("key.pem"), "tls cafile=", "log file=" + this.home.resolve("log"))) {
			command.add("--option=" + option);
		}
		run(command, "provision.log", Duration.ofMinutes(2));
	}

	private void run(List<String> command, String log, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).directory(this.home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.home.resolve(log).toFile())
				.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish; see " + this.home.resolve(log));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						command.get(0) + " failed: " + Files.readString(this.home.resolve(log)).strip());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Samba in the foreground ({@code -i}), one process ({@code -M single}); its standard
	 * input stays a pipe from this JVM, whose end it takes for its own.
	 */
	private void start() {
		try {
			Path dc = this.home.resolve("dc");
			// Given here, since the provision writes only some options to its smb.conf.
			this.samba = new ProcessBuilder(SAMBA.getPath(), "-i", "-M", "single", "--maximum-runtime=7200", "-s",
					dc.resolve("etc/smb.conf").toString(), "--option=pid directory=" + dc,
					"--option=ncalrpc dir=" + dc.resolve("ncalrpc"),
					"--option=winbindd socket directory=" + dc.resolve("winbindd"),
					// By default the previous password still binds for 60 minutes after a
					// change, as in Windows for NTLM; none, so that a test sees it fail.
					"--option=old password allowed period=0")
				.directory(this.home.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.home.resolve("samba.out").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(this::answers);
	}

	private boolean answers() {
		if (!this.samba.isAlive()) {
			String output;
			try {
				output = Files.readString(this.home.resolve("samba.out"));
			}
			catch (IOException ex) {
				output = "(no output)";
			}
			throw new IllegalStateException("samba exited: " + output.strip());
		}
		try (LDAPConnection connection = administrator()) {
			return true;
		}
		catch (LDAPException ex) {
			return false;
		}
	}

	private synchronized void destroy() {
		if (this.samba != null) {
			this.samba.destroy();
			try {
				if (!this.samba.waitFor(20, TimeUnit.SECONDS)) {
					this.samba.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			FileSystemUtils.deleteRecursively(this.home);
		}
		catch (IOException ex) {
			// A temporary directory left behind is harmless.
		}
	}

	private static boolean isRoot() {
		try {
			return "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/**
	 * A loopback address of {@code 127.0.0.0/8} on which nothing listens on AD's LDAP
	 * ports, so that several JVMs (both database passes, other checkouts) each have their
	 * own domain controller.
	 */
	private static String freeAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 50; attempt++) {
			String address = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "."
					+ random.nextInt(1, 255);
			if (isFree(address, 389) && isFree(address, LDAPS_PORT)) {
				return address;
			}
		}
		throw new IllegalStateException("no free loopback address for Samba");
	}

	private static boolean isFree(String address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
			return true;
		}
		catch (IOException ex) {
			// Taken, or a port this user may not open: Samba could not either, and
			// shared() says why first.
			return !isRoot();
		}
	}

}
