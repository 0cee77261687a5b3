/**
 * Text messages through an HTTP SMS gateway ({@code reset.sms.*}): the message
 * ({@link dev.passwordreset.sms.OutgoingSms}), the settings, and the transport that POSTs
 * one message as JSON and says whether it was taken, should be tried again or was refused
 * for good. Queuing, retries and dead-lettering are the outbox's ({@code mail}), which
 * carries SMS beside mail; this package depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.sms;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
