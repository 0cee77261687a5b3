package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

public record PersonName(@Nullable String familyName, @Nullable String givenName, @Nullable String middleName,
		@Nullable String formatted, @Nullable String honorificPrefix, @Nullable String honorificSuffix) {

	public static final PersonName EMPTY = new PersonName(null, null, null, null, null, null);

}
