/**
 * The organization, its accounts and delegated administrators, identity stores and their
 * users.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.identity;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
