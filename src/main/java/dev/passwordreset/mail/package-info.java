/**
 * Outgoing mail through a transactional outbox: {@link dev.passwordreset.mail.MailOutbox}
 * queues a mail in the caller's transaction, and a worker delivers it by SMTP, or into
 * {@code .eml} files when no SMTP host is configured. It depends on {@code audit}, and on
 * {@code sms} for the text messages it carries beside mail.
 */
@ApplicationModule(allowedDependencies = { "audit", "sms", "retention" })
@NullMarked
package dev.passwordreset.mail;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
