package dev.passwordreset.api.page;

import java.util.List;
import java.util.stream.Collectors;

import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordRuleStatement;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML of the reset page. Every inserted value is HTML-escaped; there is no script
 * and no inline style, so the Content-Security-Policy can forbid both.
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
		return layout("Choose a new password",
				"""
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
						<p class="aside"><a href="forgot-password">Need a new link?</a></p>
						"""
					.formatted(errors, items(rules(policy)), escape(token), policy.minimumPasswordLength(),
							policy.maximumPasswordLength(), policy.minimumPasswordLength(),
							policy.maximumPasswordLength()));
	}

	static String invalidLink() {
		return layout("Reset link not valid", """
				<h1>This reset link is invalid or has expired</h1>
				<p>A link works once, and only for a limited time.
				<a href="forgot-password">Request a new link</a>, or ask your administrator for one.</p>
				""");
	}

	/**
	 * The "forgot password" form. With a known identity store id the field is filled in;
	 * users who came without one are told where to find it.
	 */
	static String forgotForm(String identityStoreId, List<String> problems) {
		String errors = problems.isEmpty() ? "" : """
				<div class="problems" role="alert">
				<ul>
				%s
				</ul>
				</div>
				""".formatted(items(problems));
		return layout("Forgot your password?", """
				<h1>Forgot your password?</h1>
				%s<p>Enter your user name or email address. If we find your account, we send a reset link to
				the email address on file.</p>
				<form method="post" action="forgot-password">
				<p><label for="identity_store_id">Identity store ID</label><br>
				<input type="text" id="identity_store_id" name="identity_store_id" value="%s" required maxlength="64"
				 autocomplete="off" placeholder="d-1234567890"></p>
				<p><label for="user">User name or email address</label><br>
				<input type="text" id="user" name="user" required maxlength="254" autocomplete="username"></p>
				<p><button type="submit">Send reset link</button></p>
				</form>
				""".formatted(errors, escape(identityStoreId)));
	}

	static String selfServiceDisabled() {
		return layout("Not available", """
				<h1>Not available</h1>
				<p>Ask your administrator to reset your password.</p>
				""");
	}

	static String forgotRequested() {
		return layout("Check your email", """
				<h1>Check your email</h1>
				<p>If the account exists and has an email address, a reset link is on its way to it.
				The link works once, for a limited time.</p>
				""");
	}

	static String tooManyRequests(long minutes) {
		return layout("Too many requests", """
				<h1>Too many requests</h1>
				<p>Please try again in %d minute%s.</p>
				""".formatted(minutes, (minutes == 1) ? "" : "s"));
	}

	/**
	 * An error that no form could answer: a request the server could not read
	 * (undecodable characters, an oversized form) or a wrong method. {@code message} is
	 * already caller-facing.
	 */
	static String error(String title, String message) {
		return layout(title, """
				<h1>%s</h1>
				<p>%s</p>
				<p class="aside"><a href="forgot-password">Request a new reset link</a></p>
				""".formatted(escape(title), escape(message)));
	}

	static String changed() {
		return layout("Password changed", """
				<h1>Password changed</h1>
				<p>Your password was changed. You can now sign in.</p>
				""");
	}

	/** The store's policy in the password feature's words: one item per rule. */
	static List<String> rules(PasswordPolicy policy) {
		return PasswordRuleStatement.of(policy).stream().map(PasswordRuleStatement::sentence).toList();
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
