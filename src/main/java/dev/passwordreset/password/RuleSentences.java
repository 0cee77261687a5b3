package dev.passwordreset.password;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;

/**
 * The sentences of {@code password/messages.properties}, read once: each rule's statement
 * and the few refusals that say more than their rule. Every rule must have its sentence,
 * so a rule added without one stops the class from loading rather than reaching a caller
 * as a blank line.
 */
final class RuleSentences {

	private static final Properties SENTENCES = load();

	private RuleSentences() {
	}

	/** The rule as the policy states it, with the rule's value in the policy. */
	static String statement(PasswordRule rule, PasswordPolicy policy) {
		return new MessageFormat(SENTENCES.getProperty("rule." + rule.key()), Locale.ROOT)
			.format(new Object[] { rule.value(policy), String.valueOf(rule.value(policy)) });
	}

	/**
	 * The refusal for a Passay error code, where it says more than the broken rule's own
	 * statement does.
	 */
	static Optional<String> reason(String errorCode) {
		return Optional.ofNullable(SENTENCES.getProperty("reason." + errorCode));
	}

	private static Properties load() {
		Properties properties = new Properties();
		try (InputStream in = new ClassPathResource("password/messages.properties").getInputStream()) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (PasswordRule rule : PasswordRule.values()) {
			if (properties.getProperty("rule." + rule.key()) == null) {
				throw new IllegalStateException("password/messages.properties has no sentence for " + rule.key());
			}
		}
		return properties;
	}

}
