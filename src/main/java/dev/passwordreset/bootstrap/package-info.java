/**
 * What the first start on an empty database creates.
 */
@NullMarked
package dev.passwordreset.bootstrap;

import org.jspecify.annotations.NullMarked;
