package dev.passwordreset.security;

import dev.passwordreset.identity.AccountRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The minting rule on its own, cell by cell: what each credential kind may mint, and for
 * whom.
 */
class MintingRuleTests {

	private static final String MANAGEMENT = "00000000000000000000000000000001";

	private static final String MEMBER = "00000000000000000000000000000002";

	private static final String OTHER_MEMBER = "00000000000000000000000000000003";

	/**
	 * The management account asking for a member's key, or for anything else it may have:
	 * only how it authenticated decides. A permanent key mints anything; the bearer token
	 * it minted mints temporary credentials, as Huawei IAM's tokens do; nothing else
	 * mints.
	 */
	@ParameterizedTest(name = "{0} mints {1}: {2}")
	@CsvSource({ "PERMANENT_KEY,  PERMANENT_KEY,         true", "PERMANENT_KEY,  BEARER_TOKEN,          true",
			"PERMANENT_KEY,  TEMPORARY_CREDENTIALS, true", "PERMANENT_KEY,  ACCOUNT,               true",
			"PERMANENT_KEY,  DELEGATION,            true", "BEARER_TOKEN,   PERMANENT_KEY,         false",
			"BEARER_TOKEN,   BEARER_TOKEN,          false", "BEARER_TOKEN,   TEMPORARY_CREDENTIALS, true",
			"BEARER_TOKEN,   ACCOUNT,               false", "BEARER_TOKEN,   DELEGATION,            false",
			"TEMPORARY_BEARER_TOKEN, PERMANENT_KEY,         false",
			"TEMPORARY_BEARER_TOKEN, BEARER_TOKEN,          false",
			"TEMPORARY_BEARER_TOKEN, TEMPORARY_CREDENTIALS, false",
			"TEMPORARY_BEARER_TOKEN, ACCOUNT,               false",
			"TEMPORARY_BEARER_TOKEN, DELEGATION,            false", "TEMPORARY_KEY,  PERMANENT_KEY,         false",
			"TEMPORARY_KEY,  BEARER_TOKEN,          false", "TEMPORARY_KEY,  TEMPORARY_CREDENTIALS, false",
			"TEMPORARY_KEY,  ACCOUNT,               false", "TEMPORARY_KEY,  DELEGATION,            false",
			"EXTERNAL_TOKEN, PERMANENT_KEY,         false", "EXTERNAL_TOKEN, BEARER_TOKEN,          false",
			"EXTERNAL_TOKEN, TEMPORARY_CREDENTIALS, false", "EXTERNAL_TOKEN, ACCOUNT,               false",
			"EXTERNAL_TOKEN, DELEGATION,            false" })
	void onlyAPermanentKeyAndItsTokenMint(CredentialKind credential, MintTarget target, boolean permitted) {
		Caller management = new Caller(MANAGEMENT, "AKMANAGEMENT00000001", AccountRole.MANAGEMENT_ACCOUNT, credential);
		String forAccount = (target == MintTarget.PERMANENT_KEY) ? MEMBER : null;
		assertThat(MintingRule.permits(management, target, forAccount)).isEqualTo(permitted);
		if (permitted) {
			assertThatNoException().isThrownBy(() -> MintingRule.require(management, target, forAccount));
		}
		else {
			assertThatExceptionOfType(MintingRefusedException.class)
				.isThrownBy(() -> MintingRule.require(management, target, forAccount))
				.satisfies((refused) -> assertThat(refused.target()).isEqualTo(target));
		}
	}

	@ParameterizedTest
	@EnumSource(value = CredentialKind.class, names = "PERMANENT_KEY", mode = EnumSource.Mode.EXCLUDE)
	void shortLivedCredentialsAreToldTheyCannotCreateAnythingPermanent(CredentialKind credential) {
		Caller management = new Caller(MANAGEMENT, "AKMANAGEMENT00000001", AccountRole.MANAGEMENT_ACCOUNT, credential);
		assertThat(MintingRule.refusal(management, MintTarget.PERMANENT_KEY, MANAGEMENT))
			.contains("no allow: tokens and temporary credentials cannot create permanent credentials, accounts or "
					+ "delegations");
		assertThat(MintingRule.refusal(management, MintTarget.ACCOUNT, null)).contains(MintingRule.SHORT_LIVED_REFUSAL);
		assertThat(MintingRule.refusal(management, MintTarget.DELEGATION, null))
			.contains(MintingRule.SHORT_LIVED_REFUSAL);
		assertThat(MintingRule.refusal(management, MintTarget.BEARER_TOKEN, null))
			.contains("no allow: tokens and temporary credentials are obtained with a permanent access key only");
		if (credential != CredentialKind.BEARER_TOKEN) {
			assertThat(MintingRule.refusal(management, MintTarget.TEMPORARY_CREDENTIALS, null))
				.contains("no allow: temporary credentials are obtained with a permanent access key or a bearer token "
						+ "minted with one");
		}
	}

	@Test
	void aMemberWithItsPermanentKeyMintsForItselfOnly() {
		Caller member = new Caller(MEMBER, "AKMEMBER000000000001", AccountRole.MEMBER, CredentialKind.PERMANENT_KEY);
		assertThat(MintingRule.permits(member, MintTarget.PERMANENT_KEY, MEMBER)).isTrue();
		assertThat(MintingRule.permits(member, MintTarget.BEARER_TOKEN, MEMBER)).isTrue();
		assertThat(MintingRule.permits(member, MintTarget.TEMPORARY_CREDENTIALS, null)).isTrue();

		assertThat(MintingRule.refusal(member, MintTarget.PERMANENT_KEY, OTHER_MEMBER))
			.contains("no allow: only the account itself or the management account may manage its access keys");
		assertThat(MintingRule.permits(member, MintTarget.PERMANENT_KEY, MANAGEMENT)).isFalse();
		assertThat(MintingRule.permits(member, MintTarget.BEARER_TOKEN, OTHER_MEMBER)).isFalse();
		assertThat(MintingRule.permits(member, MintTarget.TEMPORARY_CREDENTIALS, OTHER_MEMBER)).isFalse();
		assertThat(MintingRule.refusal(member, MintTarget.ACCOUNT, null))
			.contains("no allow: only the organization's management account may perform this action");
		assertThat(MintingRule.permits(member, MintTarget.DELEGATION, null)).isFalse();
	}

	@Test
	void aDelegatedAdministratorCannotMakeAccountsDelegationsOrOthersKeys() {
		Caller delegated = new Caller(MEMBER, "AKDELEGATED000000001", AccountRole.DELEGATED_ADMINISTRATOR,
				CredentialKind.PERMANENT_KEY);
		assertThat(MintingRule.permits(delegated, MintTarget.ACCOUNT, null)).isFalse();
		assertThat(MintingRule.permits(delegated, MintTarget.DELEGATION, null)).isFalse();
		assertThat(MintingRule.permits(delegated, MintTarget.PERMANENT_KEY, OTHER_MEMBER)).isFalse();
		assertThat(MintingRule.permits(delegated, MintTarget.PERMANENT_KEY, MEMBER)).isTrue();
	}

	@Test
	void whoTheCallerIsIsJudgedBeforeHowItAuthenticated() {
		Caller memberWithToken = new Caller(MEMBER, "AKMEMBER000000000001", AccountRole.MEMBER,
				CredentialKind.BEARER_TOKEN);
		assertThat(MintingRule.refusal(memberWithToken, MintTarget.ACCOUNT, null))
			.contains("no allow: only the organization's management account may perform this action");
		assertThat(MintingRule.refusal(memberWithToken, MintTarget.PERMANENT_KEY, MEMBER))
			.contains(MintingRule.SHORT_LIVED_REFUSAL);
	}

}
