/**
 * Password reset for identity stores: one core, two vendor-compatible API faces.
 */
@NullMarked
package dev.passwordreset;

import org.jspecify.annotations.NullMarked;
