package dev.passwordreset.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import dev.passwordreset.TestEnvironment;
import dev.passwordreset.TestSecrets;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings of a context whose LDAP stores live in the tests' shared OpenLDAP
 * ({@link TestDirectory#shared()}), for its {@code @DynamicPropertySource}: a database of
 * the context's own, since its LDAP stores' names would clash with the internal stores
 * other contexts make in the shared one, and for each store the directory's URL, the
 * service account's bind, the users' base and password writes in the clear, which the
 * service allows only because the tests' slapd listens on loopback without a certificate.
 */
public final class DirectoryStoreProperties {

	private final DynamicPropertyRegistry registry;

	private final TestDirectory directory;

	private DirectoryStoreProperties(DynamicPropertyRegistry registry, TestDirectory directory) {
		this.registry = registry;
		this.directory = directory;
	}

	/**
	 * Starts the shared directory if it is not running yet and gives the context a
	 * database of its own, named for {@code purpose}.
	 */
	public static DirectoryStoreProperties withOwnDatabase(DynamicPropertyRegistry registry, String purpose) {
		TestDirectory directory = TestDirectory.shared();
		TestSecrets.remember(directory.serviceSecret());
		String database = TestEnvironment.ownDatabaseUrl(purpose);
		registry.add("spring.datasource.url", () -> database);
		return new DirectoryStoreProperties(registry, directory);
	}

	/**
	 * The store of this name in the shared directory.
	 * @return the prefix of its settings ({@code reset.ldap.stores.<name>.}), for more
	 */
	public String store(String name) {
		return store(name, this.directory::url);
	}

	/**
	 * The store of this name at another URL, such as {@link #closedUrl()}.
	 * @return the prefix of its settings ({@code reset.ldap.stores.<name>.}), for more
	 */
	public String store(String name, Supplier<Object> url) {
		String prefix = "reset.ldap.stores." + name + ".";
		this.registry.add(prefix + "url", url);
		this.registry.add(prefix + "bind-dn", () -> TestDirectory.SERVICE_DN);
		this.registry.add(prefix + "bind-password", this.directory::serviceSecret);
		this.registry.add(prefix + "user-base", () -> TestDirectory.USERS);
		this.registry.add(prefix + "allow-unprotected-password-writes", () -> "true");
		return prefix;
	}

	/**
	 * An LDAP URL of a loopback port on which nobody listens: a directory that is down.
	 */
	public static String closedUrl() {
		try {
			return "ldap://127.0.0.1:" + TestDirectory.freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
