package dev.passwordreset.bootstrap;

import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;

/**
 * Reports a {@code reset.*} setting that fails validation as the operator wrote it, one
 * line per setting:
 * {@code reset.otp-password.ttl=0s: must be longer than or equal to 1 minute}. Spring
 * Boot's own report names the Java path ({@code reset.otpPassword.ttl}) and the converted
 * value ({@code PT0S}), which is not what anyone typed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	private static final Pattern SETTING = Pattern.compile("reset\\.[a-z0-9.-]*[a-z0-9]");

	/**
	 * The last segment of a setting that holds a secret, such as
	 * {@code secret-access-key}, or may hold one: an SMS gateway's URL often carries its
	 * API key in the query, or its credentials as user info, which is what makes it
	 * invalid.
	 */
	private static final Pattern SECRET = Pattern.compile("(secret|password|master-key|token)[a-z-]*$|^gateway-url$");

	private final Environment environment;

	InvalidSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		String prefix = cause.getValidationErrors().getName().toString();
		List<Invalid> invalid = cause.getValidationErrors()
			.getAllErrors()
			.stream()
			.map((error) -> (error instanceof FieldError field && !isRule(field))
					? new Invalid(prefix + "." + kebab(field.getField()), field.getDefaultMessage())
					: new Invalid(prefix, error.getDefaultMessage()))
			.toList();
		return new FailureAnalysis(
				"Invalid setting:\n\n    " + invalid.stream()
					.map((each) -> line(each.property(), each.message()))
					.collect(Collectors.joining("\n    ")),
				"Correct " + invalid.stream().flatMap(Invalid::named).distinct().collect(Collectors.joining(", "))
						+ " (in application.properties, a --argument or its environment variable) and start again.",
				cause);
	}

	private String line(String property, String message) {
		String value = this.environment.getProperty(property);
		if (value != null && SECRET.matcher(property.substring(property.lastIndexOf('.') + 1)).find()) {
			// The report goes to the console and the log: a secret is named, never shown.
			return property + " (value not shown): " + message;
		}
		return (value != null) ? property + "=" + value + ": " + message : property + ": " + message;
	}

	/**
	 * {@code otpPassword.ttl} to {@code otp-password.ttl}, the canonical form of the
	 * name.
	 */
	static String kebab(String path) {
		Matcher humps = CAMEL_HUMP.matcher(path);
		return humps.replaceAll("$1-$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * A rule over several settings ({@code @AssertTrue boolean isAccessKeyComplete()}) is
	 * no setting of its own; its message names the settings it is about.
	 */
	private static boolean isRule(FieldError field) {
		return field.getRejectedValue() instanceof Boolean;
	}

	private record Invalid(String property, String message) {

		/** The settings to correct: the one at fault, or those a rule's message names. */
		Stream<String> named() {
			List<String> mentioned = SETTING.matcher(this.message).results().map(MatchResult::group).toList();
			return mentioned.isEmpty() ? Stream.of(this.property) : mentioned.stream();
		}

	}

}
