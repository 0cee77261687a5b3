package dev.passwordreset.password;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.passwordreset.password.PasswordFixtures.NO_CONTEXT;
import static dev.passwordreset.password.PasswordFixtures.classes;
import static dev.passwordreset.password.PasswordFixtures.lengths;
import static dev.passwordreset.password.PasswordFixtures.reasons;
import static org.assertj.core.api.Assertions.assertThat;

class TemporaryPasswordTests {

	private static final PasswordRules RULES = PasswordFixtures.rules();

	@Test
	void aThousandGeneratedPasswordsAllPassAStrictPolicyAndDiffer() {
		PasswordPolicy strict = classes(20, true, true, true, true);
		Set<String> generated = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String password = RULES.generate(strict);
			assertThat(password).hasSize(20);
			assertThat(reasons(RULES.violations(strict, password, NO_CONTEXT, List.of()))).as("reasons").isEmpty();
			generated.add(password);
		}
		assertThat(generated).hasSize(1000);
	}

	@Test
	void generatedPasswordsHaveSixteenCharactersOfAllFourClassesUnderTheDefaultPolicy() {
		for (int i = 0; i < 100; i++) {
			String password = RULES.generate(PasswordPolicy.DEFAULT);
			assertThat(password).hasSize(16)
				.containsPattern("[A-Z]")
				.containsPattern("[a-z]")
				.containsPattern("[0-9]")
				.containsPattern("[^A-Za-z0-9]")
				.doesNotContainPattern("[Il1O0\"'`\\\\ ]");
		}
	}

	@Test
	void generatedPasswordsFollowALargerMinimumButNeverExceedTheMaximum() {
		assertThat(RULES.generate(lengths(40, 64))).hasSize(40);
		assertThat(RULES.generate(lengths(128, 128))).hasSize(128);
		assertThat(RULES.generate(lengths(8, 64))).hasSize(16);
	}

}
