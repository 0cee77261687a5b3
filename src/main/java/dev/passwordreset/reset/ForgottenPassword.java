package dev.passwordreset.reset;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A "forgot password" request: the identity store and the user name, an email address, or
 * one text that may be either, exactly as typed. Its {@link #toString()} never shows
 * them, since a user may type a password into the wrong field.
 *
 * @param identityStoreId the identity store the user belongs to
 * @param userName the user's name, or null when only the email is given
 * @param email one of the user's email addresses, or null when only the name is given;
 * when both are given, a user of that name is looked for first
 */
public record ForgottenPassword(String identityStoreId, @Nullable String userName, @Nullable String email) {

	public ForgottenPassword {
		Objects.requireNonNull(identityStoreId, "identityStoreId");
		if (userName == null && email == null) {
			throw new IllegalArgumentException("A user name or an email identifies the user");
		}
	}

	/** What a form's single "user name or email address" field holds. */
	public static ForgottenPassword byNameOrEmail(String identityStoreId, String text) {
		return new ForgottenPassword(identityStoreId, text, text.contains("@") ? text : null);
	}

	@Override
	public String toString() {
		return "ForgottenPassword[identityStoreId=" + this.identityStoreId + ", by "
				+ ((this.email == null) ? "user name" : (this.userName == null) ? "email" : "user name or email") + "]";
	}

}
