/**
 * LDAP directories that hold an identity store's users (issue 16): their connection
 * pools, the search for a user through the store's attribute mapping, and the password
 * write in the store's mode. It knows nothing of stores, codes or faces; {@code identity}
 * decides which store lives where.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.ldap;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
