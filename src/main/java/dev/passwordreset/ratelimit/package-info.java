/**
 * Rate limits that hold across every instance sharing the database: exact sliding
 * windows, counted under a row lock, with hashed subjects. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.ratelimit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
