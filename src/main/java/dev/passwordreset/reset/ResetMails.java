package dev.passwordreset.reset;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.mail.OutgoingMail;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

/**
 * The mails of the reset flows, in English or Chinese by the user's
 * {@code preferred_language}, else {@code locale}. Each has a text and an HTML part built
 * from the same paragraphs; every value is HTML-escaped in the HTML part. No notification
 * ever carries a password; the one mail that does is the delivery of a one-time password
 * that answers show masked. The one-time-code mail carries the code the user asked for.
 * Names in a mail are defanged (see {@link #defanged}), so that no user-controlled text
 * becomes a link.
 */
final class ResetMails {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final Map<String, Template> RESET_LINK = Map.of("en", new Template("Reset your password",
			"""
					Hello {name},

					an administrator started a password reset for your account {user}. Open this link to choose a new password:

					{link}

					The link works once and expires in {minutes} minutes. If you did not expect this mail, ignore it: your password stays as it is."""),
			"zh", new Template("重置您的密码", """
					{name}，您好：

					管理员为您的账号 {user} 发起了密码重置。请打开以下链接设置新密码：

					{link}

					该链接只能使用一次，将在 {minutes} 分钟后失效。如果您没有预期收到此邮件，请忽略它，您的密码不会改变。"""));

	private static final Map<String, Template> REQUESTED_RESET_LINK = Map.of("en", new Template("Reset your password",
			"""
					Hello {name},

					someone, probably you, asked to reset the password of your account {user}. Open this link to choose a new password:

					{link}

					The link works once and expires in {minutes} minutes. If you did not ask for it, ignore this mail: your password stays as it is."""),
			"zh", new Template("重置您的密码", """
					{name}，您好：

					有人（很可能是您本人）请求重置账号 {user} 的密码。请打开以下链接设置新密码：

					{link}

					该链接只能使用一次，将在 {minutes} 分钟后失效。如果这不是您的请求，请忽略此邮件，您的密码不会改变。"""));

	private static final Map<String, Template> PASSWORD_CHANGED = Map.of("en",
			new Template("Your password was changed", """
					Hello {name},

					the password of your account {user} was changed on {time} (UTC) through a reset link.

					If you did not do this, contact your administrator at once."""), "zh", new Template("您的密码已更改", """
					{name}，您好：

					您的账号 {user} 的密码已于 {time}（UTC）通过重置链接更改。

					如果这不是您本人的操作，请立即联系管理员。"""));

	private static final Map<String, Template> ONE_TIME_PASSWORD_SET = Map.of("en",
			new Template("An administrator reset your password",
					"""
							Hello {name},

							an administrator set a one-time password for your account {user} on {time} (UTC). You will get it from them, not by mail, and you will be asked to choose a new password when you sign in.

							If you did not expect this, contact your administrator at once."""),
			"zh", new Template("管理员已重置您的密码", """
					{name}，您好：

					管理员已于 {time}（UTC）为您的账号 {user} 设置了一次性密码。该密码将由管理员告知您，不会通过邮件发送；您登录时需要设置新密码。

					如果您没有预期此操作，请立即联系管理员。"""));

	private static final Map<String, Template> ONE_TIME_CODE = Map.of("en", new Template("Your verification code",
			"""
					Hello {name},

					your verification code for your account {user} is:

					{code}

					It works once and expires in {minutes} minutes. Nobody from the service will ever ask you for it. If you did not ask for a code, ignore this mail: your password stays as it is."""),
			"zh", new Template("您的验证码", """
					{name}，您好：

					您的账号 {user} 的验证码是：

					{code}

					该验证码只能使用一次，将在 {minutes} 分钟后失效。任何人都不会向您索要此验证码。如果您没有申请验证码，请忽略此邮件，您的密码不会改变。"""));

	private static final Map<String, Template> PASSWORD_CHANGED_WITH_CODE = Map.of("en",
			new Template("Your password was changed", """
					Hello {name},

					the password of your account {user} was changed on {time} (UTC) with a verification code.

					If you did not do this, contact your administrator at once."""), "zh", new Template("您的密码已更改", """
					{name}，您好：

					您的账号 {user} 的密码已于 {time}（UTC）通过验证码更改。

					如果这不是您本人的操作，请立即联系管理员。"""));

	private static final Map<String, Template> PASSWORD_CHANGED_BY_USER = Map.of("en",
			new Template("Your password was changed", """
					Hello {name},

					the password of your account {user} was changed on {time} (UTC) with the previous password.

					If you did not do this, contact your administrator at once."""), "zh", new Template("您的密码已更改", """
					{name}，您好：

					您的账号 {user} 的密码已于 {time}（UTC）使用原密码更改。

					如果这不是您本人的操作，请立即联系管理员。"""));

	private static final Map<String, Template> ONE_TIME_PASSWORD = Map.of("en", new Template("Your one-time password",
			"""
					Hello {name},

					an administrator reset the password of your account {user}. Your one-time password is:

					{password}

					It works until {time} (UTC), and you will be asked to choose a new password when you sign in with it. If you did not expect this, contact your administrator at once."""),
			"zh", new Template("您的一次性密码", """
					{name}，您好：

					管理员重置了您的账号 {user} 的密码。您的一次性密码是：

					{password}

					该密码在 {time}（UTC）之前有效，使用它登录时您需要设置新密码。如果您没有预期此操作，请立即联系管理员。"""));

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\}");

	/**
	 * The dots of host-like words ({@code www.evil.example}), ideographic and full-width
	 * ones too.
	 */
	private static final Pattern HOST_DOT = Pattern
		.compile("(?<=[\\p{L}\\p{N}])[.\u3002\uFF0E\uFF61](?=[\\p{L}\\p{N}])");

	/** A scheme's separator, in ASCII or full-width. */
	private static final Pattern SCHEME_SEPARATOR = Pattern.compile("[:\uFF1A][/\uFF0F]{2}");

	/**
	 * The user-controlled values of the templates; the rest (link, code, times) the
	 * service makes.
	 */
	private static final Set<String> USER_TEXT = Set.of("name", "user");

	private ResetMails() {
	}

	/**
	 * The link of an administrator's reset, or with {@code requestedByUser} of "forgot
	 * password".
	 */
	static OutgoingMail resetLink(String to, UserAttributes user, String link, Duration ttl, boolean requestedByUser) {
		return render(
				(requestedByUser ? REQUESTED_RESET_LINK : RESET_LINK).get(language(user)), to, Map.of("name",
						nameOf(user), "user", user.userName(), "link", link, "minutes", Long.toString(ttl.toMinutes())),
				link);
	}

	static OutgoingMail passwordChanged(String to, UserAttributes user, Instant changedAt) {
		return notice(PASSWORD_CHANGED, to, user, changedAt);
	}

	/**
	 * Tells the user that an administrator set a one-time password; never contains it.
	 */
	static OutgoingMail oneTimePasswordSet(String to, UserAttributes user, Instant setAt) {
		return notice(ONE_TIME_PASSWORD_SET, to, user, setAt);
	}

	/**
	 * Delivers the code the user asked for, to be typed into the application that asked;
	 * only ever to an address on file. It is never logged; the outbox deletes the body
	 * once the mail is sent.
	 */
	static OutgoingMail oneTimeCode(String to, UserAttributes user, String code, Duration ttl) {
		return render(ONE_TIME_CODE.get(language(user)), to, Map.of("name", nameOf(user), "user", user.userName(),
				"code", code, "minutes", Long.toString(Math.max(1, ttl.toMinutes()))), null);
	}

	static OutgoingMail passwordChangedWithCode(String to, UserAttributes user, Instant changedAt) {
		return notice(PASSWORD_CHANGED_WITH_CODE, to, user, changedAt);
	}

	static OutgoingMail passwordChangedByUser(String to, UserAttributes user, Instant changedAt) {
		return notice(PASSWORD_CHANGED_BY_USER, to, user, changedAt);
	}

	/**
	 * Delivers a one-time password when {@code reset.otp-password.mask-in-response}
	 * leaves mail as its only channel: the one mail that carries a password, and only
	 * ever to the address on file.
	 */
	static OutgoingMail oneTimePassword(String to, UserAttributes user, String password, Instant expiresAt) {
		return render(ONE_TIME_PASSWORD.get(language(user)), to, Map.of("name", nameOf(user), "user", user.userName(),
				"password", password, "time", TIME.format(expiresAt)), null);
	}

	/**
	 * {@code zh} for a user whose preferred language, else locale, is Chinese; {@code en}
	 * otherwise.
	 */
	static String language(UserAttributes user) {
		String tag = (user.preferredLanguage() != null && !user.preferredLanguage().isBlank())
				? user.preferredLanguage() : user.locale();
		if (tag == null) {
			return "en";
		}
		String language = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
		return "zh".equals(language) ? "zh" : "en";
	}

	private static String nameOf(UserAttributes user) {
		return (user.displayName() != null && !user.displayName().isBlank()) ? user.displayName() : user.userName();
	}

	/** A notice that something happened to the account at a time: no link, no secret. */
	private static OutgoingMail notice(Map<String, Template> templates, String to, UserAttributes user, Instant at) {
		return render(templates.get(language(user)), to,
				Map.of("name", nameOf(user), "user", user.userName(), "time", TIME.format(at)), null);
	}

	/**
	 * Text an administrator or user wrote (a display name, a user name) as it may appear
	 * in a mail: mail clients turn {@code https://...}, {@code www.…} and bare domains
	 * into links, even in plain text, so a display name could otherwise put a phishing
	 * link into the service's own mail. Defanged the way security advisories write such
	 * names: {@code https[:]//evil[.]example}. Escaping for the HTML part happens
	 * afterwards, as for every value.
	 */
	static String defanged(String userText) {
		String noScheme = SCHEME_SEPARATOR.matcher(userText).replaceAll("[:]//");
		return HOST_DOT.matcher(noScheme).replaceAll("[.]");
	}

	private static OutgoingMail render(Template template, String to, Map<String, String> values,
			@Nullable String link) {
		// One pass, so that a value that looks like a placeholder stays as it is.
		String text = PLACEHOLDER.matcher(template.body()).replaceAll((match) -> {
			String value = values.get(match.group(1));
			if (value == null) {
				return Matcher.quoteReplacement(match.group());
			}
			return Matcher.quoteReplacement(USER_TEXT.contains(match.group(1)) ? defanged(value) : value);
		});
		String html = Arrays.stream(text.split("\n\n"))
			.map((paragraph) -> paragraph.equals(link)
					? "<p><a href=\"" + HtmlUtils.htmlEscape(paragraph) + "\">" + HtmlUtils.htmlEscape(paragraph)
							+ "</a></p>"
					: "<p>" + HtmlUtils.htmlEscape(paragraph, "UTF-8").replace("\n", "<br>") + "</p>")
			.collect(Collectors.joining("\n",
					"<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>"
							+ HtmlUtils.htmlEscape(template.subject(), "UTF-8") + "</title></head>\n<body>\n",
					"\n</body></html>\n"));
		return new OutgoingMail(to, template.subject(), text + "\n", html);
	}

	private record Template(String subject, String body) {
	}

}
