package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

/**
 * What a caller may set on a group: Huawei's {@code display_name} and
 * {@code description}.
 */
public record GroupAttributes(String displayName, @Nullable String description) {

	public GroupAttributes withDisplayName(String displayName) {
		return new GroupAttributes(displayName, this.description);
	}

	public GroupAttributes withDescription(@Nullable String description) {
		return new GroupAttributes(this.displayName, description);
	}

}
