package dev.passwordreset.bootstrap;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;

/**
 * Reports a {@code reset.*} setting that fails validation as the operator wrote it, one line per
 * setting: {@code reset.otp-password.ttl=0s: must be longer than or equal to 1 minute}. Spring
 * Boot's own report names the Java path ({@code reset.otpPassword.ttl}) and the converted value
 * ({@code PT0S}), which is not what anyone typed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	private final Environment environment;

	InvalidSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		String prefix = cause.getValidationErrors().getName().toString();
		List<String> lines = cause.getValidationErrors()
			.getAllErrors()
			.stream()
			.map((error) -> (error instanceof FieldError field) ? line(prefix + "." + kebab(field.getField()),
					field.getDefaultMessage()) : prefix + ": " + error.getDefaultMessage())
			.toList();
		return new FailureAnalysis("Invalid setting:\n\n    " + String.join("\n    ", lines),
				"Correct " + lines.stream().map((line) -> line.substring(0, line.indexOf(line.contains("=") ? '=' : ':')))
					.distinct()
					.collect(Collectors.joining(", "))
						+ " (in application.properties, a --argument or its environment variable) and start again.",
				cause);
	}

	private String line(String property, String message) {
		String value = this.environment.getProperty(property);
		return (value != null) ? property + "=" + value + ": " + message : property + ": " + message;
	}

	/** {@code otpPassword.ttl} to {@code otp-password.ttl}, the canonical form of the name. */
	static String kebab(String path) {
		Matcher humps = CAMEL_HUMP.matcher(path);
		return humps.replaceAll("$1-$2").toLowerCase(Locale.ROOT);
	}

}
