package dev.passwordreset.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of identity stores; {@code nextMarker} is null on the last page.
 */
public record IdentityStorePage(List<IdentityStoreInfo> stores, @Nullable String nextMarker) {

	public IdentityStorePage {
		stores = List.copyOf(stores);
	}

}
