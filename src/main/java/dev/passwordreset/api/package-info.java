/**
 * What the API faces share: request ids, the body limit, the container error page, the
 * default security chain.
 */
@ApplicationModule(allowedDependencies = { "security", "audit", "ratelimit", "ldap" })
@NullMarked
package dev.passwordreset.api;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
