package dev.passwordreset.password;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.RepositoryTest;
import dev.passwordreset.TestSecrets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static dev.passwordreset.password.PasswordFixtures.reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The password history on the run's real database, through the public service.
 */
@RepositoryTest
@EnableConfigurationProperties(PasswordProperties.class)
@Import({ PasswordPolicyService.class, PasswordRules.class, PasswordHashing.class, SimpleMeterRegistry.class })
class PasswordHistoryTests {

	private static final PasswordContext CONTEXT = new PasswordContext("walker", null, null);

	@Autowired
	PasswordPolicyService passwords;

	@MockitoSpyBean
	PasswordHashing hashing;

	@Autowired
	EntityManager entityManager;

	String store;

	UUID user;

	@BeforeEach
	void storeAndUser() {
		this.store = "d-" + HexFormat.of().formatHex(randomBytes(5));
		this.entityManager.createNativeQuery("""
				insert into identity_store (id, name, name_key, instance_id, created_at, created_by, version)
				values (?, ?, ?, ?, ?, 'test', 0)""")
			.setParameter(1, this.store)
			.setParameter(2, this.store)
			.setParameter(3, this.store)
			.setParameter(4, "ins-" + HexFormat.of().formatHex(randomBytes(8)))
			.setParameter(5, Instant.now())
			.executeUpdate();
		this.user = newUser("walker");
	}

	@Test
	void aPasswordIsRefusedWhileItIsAmongTheLastNAndAcceptedOnceItLeaves() {
		reusePrevention(3);
		setPassword(this.user, "first maple avenue");
		setPassword(this.user, "second maple avenue");
		setPassword(this.user, "third maple avenue");
		assertThat(violations(this.user, "first maple avenue"))
			.containsExactly("Password must not be one of the last 3 passwords.");
		assertThat(violations(this.user, "third maple avenue"))
			.containsExactly("Password must not be one of the last 3 passwords.");

		setPassword(this.user, "fourth maple avenue");
		assertThat(historySize(this.user)).isEqualTo(3);
		assertThat(violations(this.user, "first maple avenue")).isEmpty();
		assertThat(violations(this.user, "second maple avenue"))
			.containsExactly("Password must not be one of the last 3 passwords.");
		assertThat(violations(this.user, "fifth maple avenue")).isEmpty();
	}

	@Test
	void withoutReusePreventionNoHistoryIsKeptOrChecked() {
		setPassword(this.user, "first maple avenue");
		assertThat(historySize(this.user)).isZero();
		assertThat(violations(this.user, "first maple avenue")).isEmpty();
	}

	@Test
	void theCurrentPasswordIsTheNewestOfTheLastNEvenWhenItWasSetBeforeTheHistoryBegan() {
		String current = setPasswordUnremembered("old maple avenue");
		reusePrevention(2);
		assertThat(violations(this.user, "old maple avenue", current))
			.containsExactly("Password must not be one of the last 2 passwords.");
		assertThat(violations(this.user, "new maple avenue", current)).isEmpty();
	}

	@Test
	void withoutReusePreventionTheCurrentPasswordIsAcceptedWithoutAComparison() {
		String current = setPasswordUnremembered("old maple avenue");
		clearInvocations(this.hashing);
		assertThat(violations(this.user, "old maple avenue", current)).isEmpty();
		verify(this.hashing, never()).matches(anyString(), any());
	}

	@Test
	void anAcceptedPasswordIsComparedWithEachOfTheLastNOnceAndTheCurrentOneIsNotComparedTwice() {
		reusePrevention(2);
		setPassword(this.user, "first maple avenue");
		String current = setPassword(this.user, "second maple avenue");
		clearInvocations(this.hashing);

		assertThat(violations(this.user, "third maple avenue", current)).isEmpty();

		verify(this.hashing, times(2)).matches(eq("third maple avenue"), any());
		assertThat(violations(this.user, "first maple avenue", current)).as("still among the last two")
			.containsExactly("Password must not be one of the last 2 passwords.");
	}

	@Test
	void loweringReusePreventionShortensTheHistoryAtOnceAndTrimsItAtTheNextPassword() {
		reusePrevention(3);
		setPassword(this.user, "first maple avenue");
		setPassword(this.user, "second maple avenue");
		reusePrevention(1);
		assertThat(violations(this.user, "first maple avenue")).isEmpty();
		assertThat(violations(this.user, "second maple avenue"))
			.containsExactly("Password must not be the previous password.");
		setPassword(this.user, "third maple avenue");
		assertThat(historySize(this.user)).isEqualTo(1);
	}

	@Test
	void historyBelongsToOneUser() {
		reusePrevention(2);
		UUID other = newUser("ranger");
		setPassword(this.user, "first maple avenue");
		assertThat(violations(other, "first maple avenue")).isEmpty();
		assertThat(violations(null, "first maple avenue")).as("no user, no history").isEmpty();
	}

	@Test
	void deletingTheUserDeletesItsHistory() {
		reusePrevention(2);
		setPassword(this.user, "first maple avenue");
		this.entityManager.createNativeQuery("delete from store_user where id = ?")
			.setParameter(1, this.user)
			.executeUpdate();
		assertThat(historySize(this.user)).isZero();
	}

	@Test
	void theMaximumLengthIsStoredWithThePolicy() {
		assertThat(this.passwords.policyOf(this.store).maximumPasswordLength()).isEqualTo(128);
		this.passwords.update(this.store, new PasswordPolicyChange(12, 256, null, null, null, null, null, 5), "test");
		PasswordPolicy policy = this.passwords.policyOf(this.store);
		assertThat(policy.minimumPasswordLength()).isEqualTo(12);
		assertThat(policy.maximumPasswordLength()).isEqualTo(256);
		assertThat(violations(this.user, "a".repeat(200) + "bcd")).isEmpty();
		assertThat(violations(this.user, "b".repeat(257))).containsExactly("Password must be at most 256 characters.");
	}

	@Test
	void generatedPasswordsPassTheStoresPolicy() {
		this.passwords.update(this.store, new PasswordPolicyChange(24, null, true, true, true, true, null, null),
				"test");
		String password = this.passwords.generateTemporaryPassword(this.store);
		TestSecrets.remember(password);
		assertThat(password).hasSize(24);
		assertThat(reasons(this.passwords.violations(this.store, password, CONTEXT, this.user))).isEmpty();
	}

	private void reusePrevention(int size) {
		this.passwords.update(this.store, new PasswordPolicyChange(null, null, null, null, null, null, null, size),
				"test");
	}

	private String setPassword(UUID userId, String password) {
		String hash = setPasswordUnremembered(password);
		this.passwords.remember(userId, this.store, hash);
		return hash;
	}

	/**
	 * A password set while the store kept no history: only the user's row would hold its
	 * hash.
	 */
	private String setPasswordUnremembered(String password) {
		TestSecrets.remember(password);
		return this.hashing.hash(password);
	}

	private List<String> violations(UUID userId, String password) {
		return reasons(this.passwords.violations(this.store, password, CONTEXT, userId));
	}

	private List<String> violations(UUID userId, String password, String currentHash) {
		return reasons(this.passwords.violations(this.store, password, CONTEXT, userId, currentHash));
	}

	private long historySize(UUID userId) {
		this.entityManager.flush();
		return ((Number) this.entityManager.createNativeQuery("select count(*) from password_history where user_id = ?")
			.setParameter(1, userId)
			.getSingleResult()).longValue();
	}

	private UUID newUser(String name) {
		UUID id = UUID.randomUUID();
		Instant now = Instant.now();
		this.entityManager.createNativeQuery("""
				insert into store_user (id, identity_store_id, user_name, user_name_key, enabled, email_verified,
				    password_change_required, created_at, created_by, updated_at, updated_by, version)
				values (?, ?, ?, ?, true, false, false, ?, 'test', ?, 'test', 0)""")
			.setParameter(1, id)
			.setParameter(2, this.store)
			.setParameter(3, name)
			.setParameter(4, name)
			.setParameter(5, now)
			.setParameter(6, now)
			.executeUpdate();
		return id;
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		ThreadLocalRandom.current().nextBytes(bytes);
		return bytes;
	}

}
