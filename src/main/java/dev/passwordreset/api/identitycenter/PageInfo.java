package dev.passwordreset.api.identitycenter;

import org.jspecify.annotations.Nullable;

/**
 * Huawei's paging block: pass {@code next_marker} back as {@code marker} for the next
 * page.
 */
record PageInfo(@Nullable String nextMarker, int currentCount) {
}
