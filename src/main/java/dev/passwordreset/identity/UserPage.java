package dev.passwordreset.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a user listing; {@code nextMarker} is null on the last page.
 */
public record UserPage(List<UserInfo> users, @Nullable String nextMarker) {

	public UserPage {
		users = List.copyOf(users);
	}

}
