/**
 * Outgoing mail through a transactional outbox: {@link dev.passwordreset.mail.MailOutbox}
 * queues a mail in the caller's transaction, and a worker delivers it by SMTP, or into
 * {@code .eml} files when no SMTP host is configured. It depends on {@code audit} only.
 */
@NullMarked
package dev.passwordreset.mail;

import org.jspecify.annotations.NullMarked;
