package dev.passwordreset.reset;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserCredentials;
import dev.passwordreset.password.PasswordContext;
import dev.passwordreset.password.PasswordHashing;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.password.PasswordRule;
import dev.passwordreset.password.PasswordViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The check of a chosen password without a Spring context: its order (the policy with the
 * history, the current password as its newest entry, then the new hash), all of it on one
 * turn of the hashing bound, and its refusals.
 */
class ChosenPasswordsTests {

	private static final String STORE = "d-1234567890";

	private static final UUID USER = UUID.fromString("7b1f6a1e-2f52-4a0e-9d7e-4d8c3f1b2a10");

	private final List<String> journal = new CopyOnWriteArrayList<>();

	private final PasswordPolicyService policies = mock(PasswordPolicyService.class);

	private final PasswordHashing hashing = mock(PasswordHashing.class);

	private final ChosenPasswords chosen = new ChosenPasswords(this.policies, this.hashing);

	private final UserCredentials user;

	ChosenPasswordsTests() {
		UserAttributes attributes = mock(UserAttributes.class);
		when(attributes.userName()).thenReturn("alice");
		when(attributes.primaryEmail()).thenReturn(Optional.empty());
		this.user = new UserCredentials(USER, STORE, attributes, true, "current-hash", false, null, null, null);
		when(this.hashing.withTurn(any())).thenAnswer((call) -> {
			this.journal.add("turn taken");
			try {
				return ((Supplier<?>) call.getArgument(0)).get();
			}
			finally {
				this.journal.add("turn given back");
			}
		});
	}

	@Test
	void anAcceptablePasswordIsCheckedAgainstThePolicyThenHashedOnOneTurn() {
		policyFinds();
		when(this.hashing.hash("New-Password-1")).thenAnswer((call) -> write("hash", "new-hash"));

		String hash = this.chosen.hash(this.user, "New-Password-1");

		assertThat(hash).isEqualTo("new-hash");
		assertThat(this.journal).containsExactly("turn taken", "policy", "hash", "turn given back");
	}

	@Test
	void aPasswordThePolicyRefusesIsNeitherComparedNorHashed() {
		policyFinds(new PasswordViolation(PasswordRule.MIN_LENGTH, "Password must be at least 12 characters long."));

		assertThatExceptionOfType(PasswordRejectedException.class)
			.isThrownBy(() -> this.chosen.hash(this.user, "short"))
			.satisfies(
					(ex) -> assertThat(ex.reasons()).containsExactly("Password must be at least 12 characters long."));
		assertThat(this.journal).containsExactly("turn taken", "policy", "turn given back");
	}

	@Test
	void theCurrentPasswordIsLeftToTheHistoryAndNeverComparedASecondTime() {
		policyFinds(new PasswordViolation(PasswordRule.HISTORY, "Password must not be one of the last 3 passwords."));

		assertThatExceptionOfType(PasswordRejectedException.class)
			.isThrownBy(() -> this.chosen.hash(this.user, "Current-Password-1"))
			.satisfies((ex) -> assertThat(ex.reasons())
				.containsExactly("Password must not be one of the last 3 passwords."));
		verify(this.policies).violations(eq(STORE), eq("Current-Password-1"), any(), eq(USER), eq("current-hash"));
		verify(this.hashing, never()).matches(anyString(), any());
		assertThat(this.journal).containsExactly("turn taken", "policy", "turn given back");
	}

	@Test
	void thePolicyIsAskedWithTheUsersOwnWordsAndHistory() {
		policyFinds();
		when(this.hashing.hash(anyString())).thenReturn("new-hash");

		this.chosen.hash(this.user, "New-Password-1");

		PasswordContext context = ChosenPasswords.contextOf(this.user);
		verify(this.policies).violations(eq(STORE), eq("New-Password-1"), eq(context), eq(USER), eq("current-hash"));
		assertThat(context.userName()).isEqualTo("alice");
	}

	private void policyFinds(PasswordViolation... reasons) {
		when(this.policies.violations(eq(STORE), anyString(), any(), eq(USER), eq("current-hash")))
			.thenAnswer((call) -> write("policy", List.of(reasons)));
	}

	private <T> T write(String entry, T result) {
		this.journal.add(entry);
		return result;
	}

}
