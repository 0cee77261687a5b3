package dev.passwordreset.reset;

import java.time.Duration;

import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.sms.OutgoingSms;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-time code's text message: the code and its lifetime, in the user's language,
 * and nothing a user or administrator wrote.
 */
class ResetTextsTests {

	@Test
	void theTextHoldsTheCodeAndItsLifetimeButNoName() {
		UserAttributes user = UserAttributes.builder("victim")
			.displayName("IT Desk: https://evil.example/login")
			.build();
		OutgoingSms sms = ResetTexts.oneTimeCode("+8613800000000", user, "493817", Duration.ofMinutes(10));
		assertThat(sms.to()).isEqualTo("+8613800000000");
		assertThat(sms.text()).contains("493817", "10 minutes").doesNotContain("victim", "evil", "IT Desk");
		assertThat(sms.toString()).doesNotContain("493817");
	}

	@Test
	void aChineseUserGetsTheTextInChinese() {
		UserAttributes user = UserAttributes.builder("li").preferredLanguage("zh-CN").build();
		OutgoingSms sms = ResetTexts.oneTimeCode("+8613800000000", user, "493817", Duration.ofSeconds(30));
		assertThat(sms.text()).startsWith("493817 是您的验证码").contains("1 分钟");
	}

}
