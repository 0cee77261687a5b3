package dev.passwordreset.ldap;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bind as the user says of the password: the answers of OpenLDAP's password policy
 * overlay and of Active Directory, as they come over the wire. The journeys against slapd
 * and Samba prove the directories really answer so.
 */
class PasswordCheckTests {

	/** Active Directory's diagnostic, with the reason in its {@code data} code. */
	private static String activeDirectory(String data) {
		return "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data " + data + ", v4563";
	}

	@Test
	void activeDirectorysMustChangeAndExpiredRefusalsAreTheRightPasswordToBeChangedFirst() {
		assertThat(LdapDirectories.passwordCheck(refused(activeDirectory("773"), null), true))
			.isEqualTo(PasswordCheck.RIGHT_MUST_CHANGE);
		assertThat(LdapDirectories.passwordCheck(refused(activeDirectory("532"), null), true))
			.isEqualTo(PasswordCheck.RIGHT_MUST_CHANGE);
	}

	@Test
	void activeDirectorysOtherRefusalsAreAWrongPassword() {
		for (String data : new String[] { "52e", "533", "775", "701", "530", "531" }) {
			assertThat(LdapDirectories.passwordCheck(refused(activeDirectory(data), null), true)).as(data)
				.isEqualTo(PasswordCheck.WRONG);
		}
		assertThat(LdapDirectories.passwordCheck(refused(null, null), true)).isEqualTo(PasswordCheck.WRONG);
		assertThat(LdapDirectories.passwordCheck(refused("invalid credentials, data 7730", null), true))
			.isEqualTo(PasswordCheck.WRONG);
	}

	@Test
	void aDiagnosticTextCountsOnlyFromActiveDirectory() {
		assertThat(LdapDirectories.passwordCheck(refused(activeDirectory("773"), null), false))
			.isEqualTo(PasswordCheck.WRONG);
	}

	@Test
	void thePasswordPolicyOverlaysChangeAfterResetAndExpiryAreTheRightPasswordToBeChangedFirst() {
		assertThat(LdapDirectories.passwordCheck(new LDAPResult(1, ResultCode.SUCCESS, null, null, null,
				policy(DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET)), false))
			.isEqualTo(PasswordCheck.RIGHT_MUST_CHANGE);
		assertThat(LdapDirectories
			.passwordCheck(refused(null, policy(DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED)), false))
			.isEqualTo(PasswordCheck.RIGHT_MUST_CHANGE);
		assertThat(LdapDirectories
			.passwordCheck(refused(null, policy(DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED)), false))
			.isEqualTo(PasswordCheck.WRONG);
		assertThat(LdapDirectories.passwordCheck(new LDAPResult(1, ResultCode.SUCCESS), false))
			.isEqualTo(PasswordCheck.RIGHT);
	}

	@Test
	void anythingButAnAnswerToTheBindIsNoCheckAtAll() {
		assertThat(LdapDirectories.passwordCheck(new LDAPResult(1, ResultCode.BUSY), true)).isNull();
		assertThat(LdapDirectories.passwordCheck(new LDAPResult(1, ResultCode.SERVER_DOWN), false)).isNull();
	}

	private static LDAPResult refused(@Nullable String diagnostic, Control @Nullable [] controls) {
		return new LDAPResult(1, ResultCode.INVALID_CREDENTIALS, diagnostic, null, null, controls);
	}

	private static Control[] policy(DraftBeheraLDAPPasswordPolicy10ErrorType error) {
		return new Control[] { new DraftBeheraLDAPPasswordPolicy10ResponseControl(null, -1, error) };
	}

}
