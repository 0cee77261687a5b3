package dev.passwordreset.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import dev.passwordreset.HttpApi;
import dev.passwordreset.PasswordResetApplication;
import dev.passwordreset.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The first start on the embedded default, as {@code ./mvnw spring-boot:run} does it: an
 * H2 file database under {@code reset.data-dir}, with the test run's database and
 * bootstrap overrides lifted.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapTests {

	private static final List<String> TEST_OVERRIDES = List.of("spring.datasource.url", "spring.datasource.username",
			"spring.datasource.password", "reset.data-dir", "reset.bootstrap.management-account-id",
			"reset.bootstrap.access-key-id", "reset.bootstrap.secret-access-key");

	@TempDir
	Path dataDir;

	// One first start and one restart on the same data directory: each start of the
	// whole service on a fresh H2 file database costs seconds, and the restart needs
	// the first start anyway.
	@Test
	void firstStartWritesGeneratedCredentialsReadableByTheOwnerOnlyAndARestartKeepsThemAndTheData(CapturedOutput output)
			throws IOException {
		Path file = this.dataDir.resolve("bootstrap-credentials.properties");
		String userId = withApplication((api) -> {
			Properties credentials = load(file);
			assertThat(credentials.getProperty("access_key_id")).matches("AK[A-Z0-9]{18}");
			assertThat(credentials.getProperty("secret_access_key")).matches("[A-Za-z0-9]{40}");
			assertThat(credentials.getProperty("management_account_id")).matches("[0-9a-f]{32}");
			assertThat(credentials.getProperty("identity_store_id")).matches("d-[0-9a-f]{10}");
			assertThat(posixPermissions(file)).isEqualTo("rw-------");
			assertThat(posixPermissions(this.dataDir.resolve("master.key"))).isEqualTo("rw-------");

			HttpApi admin = api.as(credentialsIn(credentials));
			HttpApi.ApiResponse instances = admin.get("/v1/instances");
			assertThat(instances.status()).isEqualTo(200);
			String store = instances.json().get("instances").get(0).get("identity_store_id").asString();
			assertThat(store).isEqualTo(credentials.getProperty("identity_store_id"));
			assertThat(output.getAll()).contains(file.toAbsolutePath().toString())
				.doesNotContain(credentials.getProperty("secret_access_key"));
			return store + "/users/"
					+ admin.post("/v1/identity-stores/" + store + "/users", "{\"user_name\": \"survivor\"}")
						.text("user_id");
		});
		assertThat(Files.exists(this.dataDir.resolve("password-reset.mv.db"))).isTrue();
		String credentialsBefore = Files.readString(file);

		withApplication((api) -> {
			HttpApi admin = api.as(credentialsIn(load(file)));
			assertThat(admin.get("/v1/identity-stores/" + userId).json().get("user_name").asString())
				.isEqualTo("survivor");
			assertThat(admin.get("/v1/instances").json().get("instances")).hasSize(1);
			assertThat(admin.get("/v1/organization").json().get("accounts")).hasSize(1);
			return null;
		});
		assertThat(Files.readString(file)).as("not bootstrapped again").isEqualTo(credentialsBefore);
	}

	@Test
	void configuredAccessKeyIsUsedAndNoCredentialsFileIsWritten(CapturedOutput output) {
		TestCredentials configured = new TestCredentials("AKCONFIGUREDKEY00001",
				"ConfiguredSecret0123456789abcdefghijklmn");
		withApplication((api) -> {
			assertThat(api.as(configured).get("/v1/instances").status()).isEqualTo(200);
			assertThat(api.as(configured).get("/v1/organization").json().get("management_account_id").asString())
				.isEqualTo("00000000000000000000000000000abc");
			return null;
		}, "--reset.bootstrap.access-key-id=" + configured.accessKeyId(),
				"--reset.bootstrap.secret-access-key=" + configured.secret(),
				"--reset.bootstrap.management-account-id=00000000000000000000000000000abc",
				"--reset.bootstrap.identity-store-name=corp");
		assertThat(this.dataDir.resolve("bootstrap-credentials.properties")).doesNotExist();
		assertThat(output.getAll()).doesNotContain(configured.secret());
	}

	@Test
	void halfAConfiguredAccessKeyStopsTheStart() {
		assertThatException()
			.isThrownBy(() -> withApplication((api) -> null, "--reset.bootstrap.access-key-id=AKCONFIGUREDKEY00001"))
			.withStackTraceContaining("reset.bootstrap.secret-access-key");
	}

	@Test
	void masterKeyOfTheWrongSizeStopsTheStart() {
		assertThatException().isThrownBy(() -> withApplication((api) -> null, "--reset.security.master-key=c2hvcnQ="))
			.withStackTraceContaining("reset.security.master-key must decode to 32 bytes");
	}

	@Test
	void postgresProfileWithoutAMasterKeyStopsTheStart() {
		assertThatException()
			.isThrownBy(() -> withApplication((api) -> null, "--spring.profiles.active=postgres",
					"--spring.datasource.url=jdbc:h2:file:" + this.dataDir.resolve("pg-profile")))
			.withStackTraceContaining("reset.security.master-key is required with the postgres profile");
	}

	private <T> T withApplication(Function<HttpApi, T> use, String... extraArgs) {
		Map<String, String> saved = new HashMap<>();
		for (String key : TEST_OVERRIDES) {
			String value = System.clearProperty(key);
			if (value != null) {
				saved.put(key, value);
			}
		}
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--reset.data-dir=" + this.dataDir));
		args.addAll(List.of(extraArgs));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PasswordResetApplication.class)
			.run(args.toArray(String[]::new))) {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			return use.apply(HttpApi.on(port));
		}
		finally {
			saved.forEach(System::setProperty);
		}
	}

	private static TestCredentials credentialsIn(Properties properties) {
		return new TestCredentials(properties.getProperty("access_key_id"),
				properties.getProperty("secret_access_key"));
	}

	private static Properties load(Path file) {
		Properties properties = new Properties();
		try (var reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return properties;
	}

	private static String posixPermissions(Path file) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
