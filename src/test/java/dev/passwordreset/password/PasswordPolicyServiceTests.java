package dev.passwordreset.password;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Each store's policy without a Spring context: the default, partial updates and the
 * ranges an update must keep, over an in-memory store of policies. PasswordHistoryTests
 * proves the history on a real database.
 */
class PasswordPolicyServiceTests {

	private static final String STORE = "d-1234567890";

	private final InMemoryPolicies policies = new InMemoryPolicies();

	private final PasswordHistoryRepository history = mock(PasswordHistoryRepository.class);

	private final PasswordPolicyService service = new PasswordPolicyService(this.policies, this.history,
			new PasswordRules(
					new PasswordProperties(PasswordProperties.Encoder.BCRYPT, PasswordFixtures.FAST_BCRYPT,
							new PasswordProperties.Argon2(19456, 2, 1), PasswordFixtures.HASHING_DEFAULTS,
							new ByteArrayResource("password1!\n".getBytes(StandardCharsets.UTF_8)),
							List.of("password-reset-service")),
					PasswordFixtures.hashing(PasswordFixtures.properties(PasswordProperties.Encoder.BCRYPT,
							PasswordFixtures.FAST_BCRYPT))),
			Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));

	@Test
	void aStoreNobodyConfiguredHasTheDefaultPolicy() {
		assertThat(this.service.policyOf(STORE)).isEqualTo(PasswordPolicy.DEFAULT);
		assertThat(this.policies.saved).isEmpty();
	}

	@Test
	void anUpdateChangesOnlyTheSettingsItNamesAndIsStored() {
		this.service.update(STORE, change(12, null, null, 3), "admin");
		PasswordPolicy updated = this.service.update(STORE,
				new PasswordPolicyChange(null, null, null, null, true, null, null, null), "admin");
		assertThat(updated).isEqualTo(new PasswordPolicy(12, 128, false, false, true, false, null, 3));
		assertThat(this.service.policyOf(STORE)).isEqualTo(updated);
		assertThat(this.service.policyOf("d-0000000000")).as("another store").isEqualTo(PasswordPolicy.DEFAULT);
	}

	@Test
	void anUpdateOutsideTheRangesIsRefusedNamingTheSettingAndStoresNothing() {
		Map<PasswordPolicyChange, String> refused = Map.of(change(7, null, null, null), "minimum_password_length",
				change(129, null, null, null), "minimum_password_length", change(null, 63, null, null),
				"maximum_password_length", change(null, 1025, null, null), "maximum_password_length",
				change(100, 64, null, null), "maximum_password_length must not be less than minimum_password_length",
				change(null, null, 0, null), "max_password_age", change(null, null, 1096, null), "max_password_age",
				change(null, null, null, 0), "password_reuse_prevention", change(null, null, null, 25),
				"password_reuse_prevention");
		refused.forEach((change, named) -> assertThatExceptionOfType(PasswordPolicyException.class)
			.isThrownBy(() -> this.service.update(STORE, change, "admin"))
			.as("%s", change)
			.withMessageContaining(named));
		assertThat(this.policies.saved).isEmpty();
	}

	@Test
	void theEdgesOfTheRangesAreAccepted() {
		assertThat(this.service.update(STORE, change(8, 64, 1, 1), "admin"))
			.isEqualTo(new PasswordPolicy(8, 64, false, false, false, false, 1, 1));
		assertThat(this.service.update(STORE, change(128, 1024, 1095, 24), "admin"))
			.isEqualTo(new PasswordPolicy(128, 1024, false, false, false, false, 1095, 24));
	}

	@Test
	void withoutReusePreventionNoHistoryIsReadForAPasswordCheck() {
		assertThat(this.service.violations(STORE, "x-Password-Reset-Service-1", PasswordFixtures.NO_CONTEXT,
				UUID.randomUUID(), "current-hash"))
			.extracting(PasswordViolation::rule)
			.containsExactly(PasswordRule.SERVICE_NAMES);
		then(this.history).should(org.mockito.Mockito.never()).findByUserIdOrderByIdDesc(any(), any());
	}

	private static PasswordPolicyChange change(Integer minimum, Integer maximum, Integer maxAge, Integer reuse) {
		return new PasswordPolicyChange(minimum, maximum, null, null, null, null, maxAge, reuse);
	}

	/** The stored policies, kept in a map as the database keeps them in a table. */
	private static final class InMemoryPolicies implements StorePasswordPolicyRepository {

		private final Map<String, PasswordPolicy> saved = new HashMap<>();

		@Override
		public Optional<StorePasswordPolicy> findById(String identityStoreId) {
			return Optional.ofNullable(this.saved.get(identityStoreId)).map((policy) -> {
				StorePasswordPolicy stored = new StorePasswordPolicy(identityStoreId);
				stored.apply(policy, Instant.EPOCH, "test");
				return stored;
			});
		}

		@Override
		public StorePasswordPolicy saveAndFlush(StorePasswordPolicy policy) {
			this.saved.put(policy.identityStoreId(), policy.toPolicy());
			return policy;
		}

	}

}
