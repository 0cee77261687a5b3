package dev.passwordreset.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests' OpenLDAP is what the LDAP tests take it for: the seed's user is there, and
 * the ppolicy overlay refuses, for the service account, what the directory's policy
 * forbids.
 */
class TestDirectoryTests {

	@Test
	void seedUserBindsWithThePasswordItWasGivenAndNoOther() {
		TestDirectory directory = TestDirectory.shared();
		directory.resetAsRoot(TestDirectory.SEED_DN, "Seed-Fixture-Password-1");

		assertThat(directory.canBind(TestDirectory.SEED_DN, "Seed-Fixture-Password-1")).isTrue();
		assertThat(directory.canBind(TestDirectory.SEED_DN, "Some-Other-Password-22")).isFalse();
	}

	@Test
	void ppolicyRefusesTheServiceAccountAPasswordShorterThanTheDirectoryMinimum() throws LDAPException {
		TestDirectory directory = TestDirectory.shared();
		directory.addUser("fixture-short", "fixture-short@example.com", "Fixture-Initial-Password-1");
		try (LDAPConnection service = new LDAPConnection("127.0.0.1", port(directory), TestDirectory.SERVICE_DN,
				directory.serviceSecret())) {
			PasswordModifyExtendedResult result = (PasswordModifyExtendedResult) service.processExtendedOperation(
					new PasswordModifyExtendedRequest("cn=fixture-short," + TestDirectory.USERS, null, "Short-1"));

			assertThat(result.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
		}
	}

	private static int port(TestDirectory directory) {
		return Integer.parseInt(directory.url().substring(directory.url().lastIndexOf(':') + 1));
	}

}
