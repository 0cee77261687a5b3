package dev.passwordreset.security;

/**
 * A service's refusal to mint, under {@link MintingRule}: what was to be minted and which
 * of the rule's fixed refusals applies.
 */
public class MintingRefusedException extends RuntimeException {

	private final MintTarget target;

	private final String refusal;

	MintingRefusedException(MintTarget target, String refusal) {
		super(refusal);
		this.target = target;
		this.refusal = refusal;
	}

	/**
	 * The rule's own refusal, one of its fixed texts ({@link MintingRule#refusal}), which
	 * a face may quote as the reason of a denial.
	 */
	public String refusal() {
		return this.refusal;
	}

	public MintTarget target() {
		return this.target;
	}

}
