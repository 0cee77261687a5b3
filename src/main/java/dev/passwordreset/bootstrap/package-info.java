/**
 * What the first start on an empty database creates.
 */
@ApplicationModule(allowedDependencies = { "identity", "security" })
@NullMarked
package dev.passwordreset.bootstrap;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
