package dev.passwordreset.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.passwordreset.SmsGatewayStub;
import dev.passwordreset.TestEnvironment;
import dev.passwordreset.TestSecrets;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The LDAP stores of the {@link DirectoryJourneyTest} context, all on the shared
 * {@link TestDirectory}, and the context's own database:
 * <ul>
 * <li>{@code oud} sees the whole directory, the seed entry included, and
 * {@code oud-replace} is the same directory written in {@code replace} mode;</li>
 * <li>{@code corp} sees only the entries whose {@code uid} starts with {@link #PREFIX},
 * by its user filter, so that the users other tests add to the shared directory do not
 * show in its listings; {@code corp-rw} is the same, writable; {@code corp-down} and
 * {@code corp-rw-down} name a port nobody listens on, with a short connect timeout;</li>
 * <li>{@code ad} is Samba's AD domain controller ({@link SambaDirectory}) in
 * {@code active-directory} mode.</li>
 * </ul>
 * One context for all of them, rather than one per class: each start of the whole service
 * costs seconds in each database pass.
 */
public final class DirectoryJourneyStores implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The start of every {@code uid} that the {@code corp} stores see. */
	public static final String PREFIX = "lsu" + Long.toString(System.nanoTime() % 100_000_000L, 36);

	/**
	 * The context's SMTP port, on which a class that reads the mail starts GreenMail; the
	 * outbox is delivered by the test ({@code MailDelivery}).
	 */
	public static final int SMTP_PORT = freePort();

	/** The context's SMS gateway, shared by its classes and stopped with the JVM. */
	public static final SmsGatewayStub SMS_GATEWAY = SmsGatewayStub.start(0);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDirectory directory = TestDirectory.shared();
		TestSecrets.remember(directory.serviceSecret());
		List<String> properties = new ArrayList<>();
		properties.add("spring.datasource.url=" + TestEnvironment.ownDatabaseUrl("ldap"));
		for (String store : new String[] { "oud", "oud-replace", "oud-writable" }) {
			String prefix = "reset.ldap.stores." + store + ".";
			properties.add(prefix + "url=" + directory.url());
			properties.addAll(serviceBind(prefix, directory));
		}
		properties.add("reset.ldap.stores.oud-replace.password-write-mode=replace");
		properties.add("reset.ldap.stores.oud-writable.writable=true");
		properties.addAll(activeDirectory(SambaDirectory.planned()));
		properties.add("spring.mail.host=127.0.0.1");
		properties.add("spring.mail.port=" + SMTP_PORT);
		properties.add("reset.sms.gateway-url=http://127.0.0.1:" + SMS_GATEWAY.port() + "/v1/messages");
		// A loopback port on which nobody listens: a directory that is down.
		String closedPort = "ldap://127.0.0.1:" + freePort();
		for (String store : new String[] { "corp", "corp-down", "corp-rw", "corp-rw-down", "corp-rw-staff",
				"corp-rw-uri" }) {
			String prefix = "reset.ldap.stores." + store + ".";
			properties.add(prefix + "url=" + (store.endsWith("-down") ? closedPort : directory.url()));
			if (store.startsWith("corp-rw")) {
				properties.add(prefix + "writable=true");
			}
			properties.addAll(serviceBind(prefix, directory));
			// corp-rw-staff's filter tests what its new entries never get, and only the
			// directory could tell; corp-rw-uri names its entries by a case-exact
			// attribute, so one user name in two cases is two entries.
			String staff = store.equals("corp-rw-staff") ? "(employeeType=staff)" : "";
			properties.add(prefix + "user-filter=(&(objectClass=inetOrgPerson)(uid=" + PREFIX + "*)" + staff + ")");
			if (store.equals("corp-rw-uri")) {
				properties.add(prefix + "entry.rdn-attribute=labeledURI");
			}
			properties.add(prefix + "connect-timeout=1s");
		}
		TestPropertyValues.of(properties).applyTo(context);
	}

	/**
	 * The {@code ad} store: Samba's AD domain controller, which a test starts when it
	 * needs it ({@link SambaDirectory#shared()}); until then the store's directory is
	 * down. Writable, so that DisableUser and EnableUser reach
	 * {@code userAccountControl}.
	 */
	private static List<String> activeDirectory(SambaDirectory ad) {
		String prefix = "reset.ldap.stores.ad.";
		return List.of(prefix + "url=" + ad.url(), prefix + "trust-store=" + ad.trustStore(),
				prefix + "trust-store-password=" + ad.trustStorePassword(),
				prefix + "bind-dn=" + SambaDirectory.SERVICE_DN, prefix + "bind-password=" + ad.serviceSecret(),
				prefix + "user-base=" + SambaDirectory.USERS,
				prefix + "user-filter=(&(objectCategory=person)(objectClass=user))",
				prefix + "attributes.user-name=sAMAccountName", prefix + "attributes.id=objectGUID",
				prefix + "password-write-mode=active-directory", prefix + "writable=true",
				prefix + "entry.object-classes=top,person,organizationalPerson,user", prefix + "connect-timeout=1s");
	}

	private static List<String> serviceBind(String prefix, TestDirectory directory) {
		return List.of(prefix + "bind-dn=" + TestDirectory.SERVICE_DN,
				prefix + "bind-password=" + directory.serviceSecret(), prefix + "user-base=" + TestDirectory.USERS,
				// Loopback only: the tests' slapd has no certificate.
				prefix + "allow-unprotected-password-writes=true");
	}

	private static int freePort() {
		try {
			return TestDirectory.freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
