package dev.passwordreset.api.oam;

import java.util.List;

import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordRuleStatement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UserPasswordPolicyRetriever states exactly the rules the password feature publishes, in
 * its words and with its keys: no rule of its own, none left out.
 */
class PolicyMessagesTests {

	private static final List<PasswordPolicy> POLICIES = List.of(PasswordPolicy.DEFAULT,
			new PasswordPolicy(10, 64, true, true, true, true, 90, 3),
			new PasswordPolicy(12, 1024, false, true, false, true, null, 1));

	@Test
	void theDescriptionsAreThePublishedSentencesWithTheirKeys() {
		for (PasswordPolicy policy : POLICIES) {
			assertThat(PasswordManagementController.messagesOf(policy, true)).as("%s", policy)
				.containsExactlyElementsOf(PasswordRuleStatement.of(policy)
					.stream()
					.map((rule) -> new PolicyMessage(rule.sentence(), rule.key()))
					.toList());
		}
	}

	@Test
	void withoutDescriptionsTheValuesAreThePublishedValuesWithTheirKeys() {
		for (PasswordPolicy policy : POLICIES) {
			assertThat(PasswordManagementController.messagesOf(policy, false)).as("%s", policy)
				.containsExactlyElementsOf(PasswordRuleStatement.of(policy)
					.stream()
					.map((rule) -> new PolicyMessage(rule.value(), rule.key()))
					.toList());
		}
	}

}
