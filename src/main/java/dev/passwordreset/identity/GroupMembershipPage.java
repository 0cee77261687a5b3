package dev.passwordreset.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a membership listing; {@code nextMarker} is null on the last page.
 */
public record GroupMembershipPage(List<GroupMembershipInfo> memberships, @Nullable String nextMarker) {

	public GroupMembershipPage {
		memberships = List.copyOf(memberships);
	}

}
