/**
 * The audit log: who did or tried what, when, from where, and how it ended. It depends on
 * no other feature, so that every feature and face can record into it.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
