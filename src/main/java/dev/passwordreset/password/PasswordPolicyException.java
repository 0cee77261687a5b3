package dev.passwordreset.password;

/**
 * A password policy setting outside its allowed range: the setting, as the API names it,
 * and the range it must keep to. Faces build their texts from these, not from
 * {@link #getMessage()}.
 */
public class PasswordPolicyException extends RuntimeException {

	private final String setting;

	private final String rule;

	public PasswordPolicyException(String setting, String rule) {
		super(setting + " " + rule);
		this.setting = setting;
		this.rule = rule;
	}

	/** The setting, as the API names it. */
	public String setting() {
		return this.setting;
	}

	/** What the setting must be ("must be between 1 and 24"). */
	public String rule() {
		return this.rule;
	}

}
