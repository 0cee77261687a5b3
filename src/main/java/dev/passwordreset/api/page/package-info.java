/**
 * The landing page of an emailed reset link: a small server-rendered form, not a vendor
 * API. It calls the reset core only and keeps its errors to itself.
 */
@NullMarked
package dev.passwordreset.api.page;

import org.jspecify.annotations.NullMarked;
