package dev.passwordreset.reset;

import java.util.Objects;

import dev.passwordreset.identity.DistinguishedName;
import org.jspecify.annotations.Nullable;

/**
 * A user as an API face names one: the identity store's name (OAM's IDSTOREREF), the user
 * name and, when the caller gave one, the distinguished name, which must then match the
 * stored one.
 */
public record UserReference(String identityStoreName, String userName, @Nullable DistinguishedName distinguishedName) {

	public UserReference {
		Objects.requireNonNull(identityStoreName, "'identityStoreName' must not be null");
		Objects.requireNonNull(userName, "'userName' must not be null");
	}

}
