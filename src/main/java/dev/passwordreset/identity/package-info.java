/**
 * The organization, its accounts and delegated administrators, identity stores and their
 * users.
 */
@NullMarked
package dev.passwordreset.identity;

import org.jspecify.annotations.NullMarked;
