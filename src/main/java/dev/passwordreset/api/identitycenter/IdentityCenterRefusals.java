package dev.passwordreset.api.identitycenter;

import dev.passwordreset.audit.InvalidAuditQueryException;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.password.PasswordPolicyException;
import dev.passwordreset.reset.ResetNotPossibleException;
import dev.passwordreset.security.AccessKeyError;
import dev.passwordreset.security.AccessKeyException;
import org.jspecify.annotations.Nullable;

/**
 * The core's refusals in Huawei's words: each reason to its {@link IdentityCenterCode}
 * and an {@code error_msg} built from the refusal's structured facts (an attribute's
 * name, a rule, an id of ours, a limit) and never from an exception's message, which may
 * carry class names, SQL or input.
 */
final class IdentityCenterRefusals {

	private IdentityCenterRefusals() {
	}

	/** A code and the full {@code error_msg} to answer with. */
	record Refusal(IdentityCenterCode code, String message) {

		static Refusal of(IdentityCenterCode code, String detail) {
			return new Refusal(code, IdentityCenterErrors.messageFor(code.status(), detail));
		}

		static Refusal duplicate(String detail) {
			return new Refusal(IdentityCenterCode.DUPLICATE,
					"Duplicate entity objects: " + IdentityCenterErrors.sentence(detail));
		}

	}

	static Refusal of(IdentityException ex) {
		IdentityError error = ex.error();
		return switch (error) {
			case STORE_NOT_FOUND, USER_NOT_FOUND, ACCOUNT_NOT_FOUND, DELEGATED_ADMINISTRATOR_NOT_FOUND, GROUP_NOT_FOUND,
					MEMBERSHIP_NOT_FOUND ->
				Refusal.of(IdentityCenterCode.NOT_FOUND, notFound(entity(error), ex.id(), ex.attribute()));
			case DUPLICATE_STORE_NAME, DUPLICATE_USER_NAME, DUPLICATE_ACCOUNT_NAME, DUPLICATE_GROUP_NAME ->
				Refusal.duplicate(withArticle(entity(error)) + " with " + clash(ex.clash()) + " "
						+ String.valueOf(ex.attribute()) + " exists");
			case DUPLICATE_MEMBERSHIP -> Refusal.duplicate("the user is already a member of the group");
			case ALREADY_DELEGATED_ADMINISTRATOR ->
				Refusal.duplicate(((ex.id() != null) ? "account " + ex.id() : "the account")
						+ " is already a delegated administrator");
			case INVALID_ATTRIBUTE -> Refusal.of(IdentityCenterCode.BAD_REQUEST, rule(ex.attribute(), ex.rule()));
			case MANAGEMENT_ACCOUNT_NOT_DELEGABLE -> Refusal.of(IdentityCenterCode.MODIFICATION_FAILED,
					"the management account cannot be registered as a delegated administrator");
			case QUOTA_EXCEEDED -> Refusal.of(IdentityCenterCode.MODIFICATION_FAILED,
					"identity store " + ex.id() + " holds its quota of " + ex.limit() + " " + ex.attribute());
			case CONCURRENT_MODIFICATION -> concurrencyConflict();
			case READ_ONLY_STORE -> Refusal.of(IdentityCenterCode.MODIFICATION_FAILED, "identity store " + ex.id()
					+ " keeps its users in an LDAP directory; create, change, enable, disable and delete them there");
		};
	}

	static Refusal of(AccessKeyException ex) {
		AccessKeyError error = ex.error();
		return switch (error) {
			case ACCOUNT_NOT_FOUND -> Refusal.of(IdentityCenterCode.NOT_FOUND, "account");
			case ACCESS_KEY_NOT_FOUND -> Refusal.of(IdentityCenterCode.NOT_FOUND, "access key");
			case DUPLICATE_ACCESS_KEY -> Refusal.duplicate("an access key with the same access_key_id exists");
			case QUOTA_EXCEEDED -> Refusal.of(IdentityCenterCode.MODIFICATION_FAILED,
					"an account holds at most " + ex.limit() + " access keys; delete one first");
			case INVALID_FORMAT -> Refusal.of(IdentityCenterCode.BAD_REQUEST, rule(ex.attribute(), ex.rule()));
		};
	}

	static Refusal of(ResetNotPossibleException ex) {
		return Refusal.of(IdentityCenterCode.BAD_REQUEST, switch (ex.reason()) {
			case USER_DISABLED -> "the user is disabled";
			case NO_PRIMARY_EMAIL -> "the user has no primary email address to send a reset link to";
			case NO_PRIMARY_EMAIL_FOR_PASSWORD ->
				"the user has no primary email address to send the one-time password to, and answers show it masked";
		});
	}

	static Refusal of(PasswordPolicyException ex) {
		return Refusal.of(IdentityCenterCode.BAD_REQUEST, ex.setting() + " " + ex.rule());
	}

	static Refusal of(InvalidAuditQueryException ex) {
		return Refusal.of(IdentityCenterCode.BAD_REQUEST, ex.parameter() + " " + ex.rule());
	}

	static Refusal concurrencyConflict() {
		return new Refusal(IdentityCenterCode.CONCURRENCY_CONFLICT, "Concurrency conflicts. Try again later.");
	}

	private static String entity(IdentityError error) {
		return switch (error) {
			case STORE_NOT_FOUND, DUPLICATE_STORE_NAME -> "identity store";
			case USER_NOT_FOUND, DUPLICATE_USER_NAME -> "user";
			case ACCOUNT_NOT_FOUND, DUPLICATE_ACCOUNT_NAME -> "account";
			case DELEGATED_ADMINISTRATOR_NOT_FOUND -> "delegated administrator";
			case GROUP_NOT_FOUND, DUPLICATE_GROUP_NAME -> "group";
			case MEMBERSHIP_NOT_FOUND -> "membership";
			default -> "entity";
		};
	}

	private static String notFound(String entity, @Nullable String id, @Nullable String attribute) {
		if (id != null) {
			return entity + " " + id;
		}
		return (attribute != null) ? entity + " with that " + attribute : entity;
	}

	private static String withArticle(String noun) {
		return switch (noun) {
			case "identity store", "account" -> "an " + noun;
			default -> "a " + noun;
		};
	}

	private static String clash(IdentityException.@Nullable Clash clash) {
		if (clash == null) {
			return "the same";
		}
		return switch (clash) {
			case SAME -> "the same";
			case CONFUSABLE -> "a confusable";
			case SAME_OR_CONFUSABLE -> "the same or a confusable";
		};
	}

	private static String rule(@Nullable String attribute, @Nullable String rule) {
		String stated = (rule != null) ? rule : "is not valid";
		return (attribute != null) ? attribute + " " + stated : stated;
	}

}
