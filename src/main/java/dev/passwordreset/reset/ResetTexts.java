package dev.passwordreset.reset;

import java.time.Duration;
import java.util.Map;

import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.sms.OutgoingSms;

/**
 * The text messages of the reset flows, in English and Chinese as the mails are
 * ({@link ResetMails#language}). A text holds no name or other text a user or
 * administrator wrote: it stays short, and a display name cannot put a link into the
 * service's own message.
 */
final class ResetTexts {

	private static final Map<String, String> ONE_TIME_CODE = Map.of("en",
			"%s is your verification code. It works once and expires in %d minutes. Nobody from the service will ever ask you for it.",
			"zh", "%s 是您的验证码，只能使用一次，%d 分钟后失效。任何人都不会向您索要此验证码。");

	private ResetTexts() {
	}

	/**
	 * Delivers the code the user asked for, only ever to a number on file. It is never
	 * logged; the outbox deletes the text once the message is sent or given up.
	 */
	static OutgoingSms oneTimeCode(String to, UserAttributes user, String code, Duration ttl) {
		return new OutgoingSms(to,
				String.format(ONE_TIME_CODE.get(ResetMails.language(user)), code, Math.max(1, ttl.toMinutes())));
	}

}
