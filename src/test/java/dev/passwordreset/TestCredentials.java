package dev.passwordreset;

/**
 * An access key pair as a test presents it.
 */
public record TestCredentials(String accessKeyId, String secret) {

	public static final String MANAGEMENT_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

	/**
	 * Bootstrapped for the management account in every test run (see
	 * {@link TestEnvironment}).
	 */
	public static final TestCredentials MANAGEMENT = new TestCredentials("AKTESTMANAGEMENT0001",
			"TestSecretForTheManagementAccount0123456");

	@Override
	public String toString() {
		return "TestCredentials[" + this.accessKeyId + "]";
	}

}
