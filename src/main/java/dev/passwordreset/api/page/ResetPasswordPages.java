package dev.passwordreset.api.page;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.passwordreset.password.PasswordPolicy;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML of the reset page. Every inserted value is HTML-escaped; there is no script and no
 * inline style, so the Content-Security-Policy can forbid both.
 */
final class ResetPasswordPages {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	private ResetPasswordPages() {
	}

	static String form(String token, PasswordPolicy policy, List<String> problems) {
		String errors = problems.isEmpty() ? "" : """
				<div class="problems" role="alert">
				<p>The password was not changed:</p>
				<ul>
				%s
				</ul>
				</div>
				""".formatted(items(problems));
		return layout("Choose a new password", """
				<h1>Choose a new password</h1>
				%s<p>Your new password must meet these rules:</p>
				<ul>
				%s
				</ul>
				<form method="post" action="reset-password">
				<input type="hidden" name="token" value="%s">
				<p><label for="password">New password</label><br>
				<input type="password" id="password" name="password" autocomplete="new-password" required minlength="%d" maxlength="%d"></p>
				<p><label for="confirmation">New password again</label><br>
				<input type="password" id="confirmation" name="confirmation" autocomplete="new-password" required minlength="%d" maxlength="%d"></p>
				<p><button type="submit">Change password</button></p>
				</form>
				""".formatted(errors, items(rules(policy)), escape(token), policy.minimumPasswordLength(),
				policy.maximumPasswordLength(), policy.minimumPasswordLength(), policy.maximumPasswordLength()));
	}

	static String invalidLink() {
		return layout("Reset link not valid", """
				<h1>This reset link is invalid or has expired</h1>
				<p>Ask your administrator for a new one.</p>
				""");
	}

	static String changed() {
		return layout("Password changed", """
				<h1>Password changed</h1>
				<p>Your password was changed. You can now sign in.</p>
				""");
	}

	/** The store's policy in words. */
	static List<String> rules(PasswordPolicy policy) {
		List<String> rules = new ArrayList<>();
		rules.add("At least " + policy.minimumPasswordLength() + " and at most " + policy.maximumPasswordLength()
				+ " characters.");
		if (policy.requireUppercaseCharacters()) {
			rules.add("At least one upper-case letter.");
		}
		if (policy.requireLowercaseCharacters()) {
			rules.add("At least one lower-case letter.");
		}
		if (policy.requireNumbers()) {
			rules.add("At least one digit.");
		}
		if (policy.requireSymbols()) {
			rules.add("At least one symbol.");
		}
		rules.add("Not a common password.");
		rules.add("Not your user name, email address or display name.");
		if (policy.passwordReusePrevention() != null) {
			rules.add("None of your last " + policy.passwordReusePrevention() + " passwords.");
		}
		return rules;
	}

	private static String items(List<String> texts) {
		return texts.stream().map((text) -> "<li>" + escape(text) + "</li>").collect(Collectors.joining("\n"));
	}

	private static String layout(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="UTF-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<meta name="referrer" content="no-referrer">
				<title>%s</title>
				<link rel="stylesheet" href="reset-password.css">
				</head>
				<body>
				<main>
				%s</main>
				</body>
				</html>
				""".formatted(escape(title), body);
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, "UTF-8");
	}

}
