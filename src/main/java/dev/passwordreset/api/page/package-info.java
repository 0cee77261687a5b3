/**
 * The landing page of an emailed reset link: a small server-rendered form, not a vendor
 * API. It calls the reset core only and keeps its errors to itself.
 */
@ApplicationModule(displayName = "Reset page", allowedDependencies = { "api", "reset", "password", "audit" })
@NullMarked
package dev.passwordreset.api.page;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
