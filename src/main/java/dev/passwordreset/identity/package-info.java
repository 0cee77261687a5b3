/**
 * The organization, its accounts and delegated administrators, identity stores and their
 * users, whether this service keeps them or an LDAP directory does. It audits its own
 * writes, so it uses the audit log.
 */
@ApplicationModule(allowedDependencies = { "ldap", "audit" })
@NullMarked
package dev.passwordreset.identity;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
