package dev.passwordreset.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a group listing; {@code nextMarker} is null on the last page.
 */
public record GroupPage(List<GroupInfo> groups, @Nullable String nextMarker) {

	public GroupPage {
		groups = List.copyOf(groups);
	}

}
