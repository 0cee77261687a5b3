package dev.passwordreset.security;

/**
 * A service's refusal to mint, under {@link MintingRule}. The message is one of the
 * rule's fixed texts.
 */
public class MintingRefusedException extends RuntimeException {

	private final MintTarget target;

	MintingRefusedException(MintTarget target, String reason) {
		super(reason);
		this.target = target;
	}

	public MintTarget target() {
		return this.target;
	}

}
