package dev.passwordreset.security;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Who may mint what from which credential: the one rule, which the faces' action tables
 * and the services that mint both consult, so the two cannot drift apart.
 * <ul>
 * <li>A permanent key is created by the account itself, or by the management account for
 * a member, authenticated by a permanent key.</li>
 * <li>Bearer tokens and temporary credentials are minted from a permanent key, for its
 * own account. Temporary credentials are also minted from a bearer token that a permanent
 * key minted, as Huawei IAM mints them from a token, and end when the token ends.</li>
 * <li>Accounts and delegations are made by the management account with a permanent
 * key.</li>
 * </ul>
 * A short-lived credential (a bearer token, temporary credentials, an external token)
 * therefore never creates anything that outlives it: deleting the permanent key behind it
 * must end everything it could do. A key the management account created for a member
 * belongs to the member and survives the management key.
 */
public final class MintingRule {

	/** The refusal of anything permanent to a short-lived credential. */
	public static final String SHORT_LIVED_REFUSAL = "no allow: tokens and temporary credentials cannot create "
			+ "permanent credentials, accounts or delegations";

	/** The refusal of a token to a short-lived credential. */
	public static final String NOT_FROM_A_PERMANENT_KEY_REFUSAL = "no allow: tokens and temporary credentials are "
			+ "obtained with a permanent access key only";

	/**
	 * The refusal of temporary credentials to a credential that is neither a key nor its
	 * token.
	 */
	public static final String NOT_FROM_A_KEY_OR_ITS_TOKEN_REFUSAL = "no allow: temporary credentials are obtained "
			+ "with a permanent access key or a bearer token minted with one";

	private MintingRule() {
	}

	/**
	 * Whether the caller may mint the target.
	 * @param accountId the account the target is for (a key's owner), or null when the
	 * target names none (an account, a delegation, a token for the caller itself)
	 */
	public static boolean permits(Caller caller, MintTarget target, @Nullable String accountId) {
		return refusal(caller, target, accountId).isEmpty();
	}

	/**
	 * Why the caller may not mint the target, or empty when it may. Who the caller is
	 * counts before how it authenticated, so a member is told it is not the management
	 * account rather than that a permanent key would have helped.
	 */
	public static Optional<String> refusal(Caller caller, MintTarget target, @Nullable String accountId) {
		if (!mayMintFor(caller, target, accountId)) {
			return Optional.of(switch (target) {
				case PERMANENT_KEY ->
					"no allow: only the account itself or the management account may manage its " + "access keys";
				case BEARER_TOKEN, TEMPORARY_CREDENTIALS ->
					"no allow: tokens and temporary credentials are minted " + "for the caller's own account only";
				case ACCOUNT, DELEGATION ->
					"no allow: only the organization's management account may perform this " + "action";
			});
		}
		if (!mayMintFrom(caller.credential(), target)) {
			return Optional.of(switch (target) {
				case PERMANENT_KEY, ACCOUNT, DELEGATION -> SHORT_LIVED_REFUSAL;
				case BEARER_TOKEN -> NOT_FROM_A_PERMANENT_KEY_REFUSAL;
				case TEMPORARY_CREDENTIALS -> NOT_FROM_A_KEY_OR_ITS_TOKEN_REFUSAL;
			});
		}
		return Optional.empty();
	}

	/**
	 * Refuses, for the services that mint: the core enforces the rule even where a face
	 * forgot to.
	 * @throws MintingRefusedException when the caller may not mint the target
	 */
	public static void require(Caller caller, MintTarget target, @Nullable String accountId) {
		Optional<String> refusal = refusal(caller, target, accountId);
		if (refusal.isPresent()) {
			throw new MintingRefusedException(target, refusal.get());
		}
	}

	/**
	 * Which credential may mint which target. A permanent key mints anything; a bearer
	 * token it minted mints temporary credentials, which the service caps at the token's
	 * own remaining life, so nothing it mints outlives it. A temporary bearer token,
	 * temporary credentials and an external token (whose issuer this service cannot
	 * revoke) mint nothing, so a chain of short-lived credentials never grows.
	 */
	static boolean mayMintFrom(CredentialKind held, MintTarget target) {
		return switch (held) {
			case PERMANENT_KEY -> true;
			case BEARER_TOKEN -> target == MintTarget.TEMPORARY_CREDENTIALS;
			case TEMPORARY_BEARER_TOKEN, TEMPORARY_KEY, EXTERNAL_TOKEN -> false;
		};
	}

	private static boolean mayMintFor(Caller caller, MintTarget target, @Nullable String accountId) {
		return switch (target) {
			case PERMANENT_KEY -> caller.isManagementAccount() || caller.accountId().equals(accountId);
			case BEARER_TOKEN, TEMPORARY_CREDENTIALS -> accountId == null || caller.accountId().equals(accountId);
			case ACCOUNT, DELEGATION -> caller.isManagementAccount();
		};
	}

}
