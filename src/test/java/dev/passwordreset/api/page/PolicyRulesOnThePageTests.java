package dev.passwordreset.api.page;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordRuleStatement;
import org.junit.jupiter.api.Test;

import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset page lists exactly the rules the password feature publishes, in its words: no
 * rule of its own, none left out.
 */
class PolicyRulesOnThePageTests {

	private static final Pattern RULE_LIST = Pattern
		.compile("<p>Your new password must meet these rules:</p>\\s*<ul>(.*?)</ul>", Pattern.DOTALL);

	private static final Pattern ITEM = Pattern.compile("<li>(.*?)</li>");

	@Test
	void thePageListsEveryPublishedRuleAndNothingElse() {
		for (PasswordPolicy policy : List.of(PasswordPolicy.DEFAULT,
				new PasswordPolicy(10, 64, true, true, true, true, 90, 3))) {
			String page = ResetPasswordPages.form("token", policy, List.of("Password must contain a digit."));
			assertThat(listedRules(page)).as("%s", policy)
				.containsExactlyElementsOf(
						PasswordRuleStatement.of(policy).stream().map(PasswordRuleStatement::sentence).toList());
		}
	}

	private static List<String> listedRules(String page) {
		Matcher list = RULE_LIST.matcher(page);
		assertThat(list.find()).as("the page has its list of rules").isTrue();
		return ITEM.matcher(list.group(1)).results().map((item) -> HtmlUtils.htmlUnescape(item.group(1))).toList();
	}

}
