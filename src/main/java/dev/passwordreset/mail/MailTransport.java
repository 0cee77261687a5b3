package dev.passwordreset.mail;

/**
 * Hands mail over for delivery: to an SMTP server, or into {@code .eml} files when none
 * is configured. The worker opens one connection per batch, sends the batch's mails over
 * it one by one and closes it; it decides about retries. Exception messages are never
 * stored or logged, because a server's reply can quote the message.
 */
@FunctionalInterface
interface MailTransport {

	/**
	 * Opens a connection for one batch, or throws when the server cannot be reached: then
	 * no mail of the batch could be sent.
	 */
	Connection open() throws Exception;

	/** One batch's way to the server. Used by one thread at a time. */
	@FunctionalInterface
	interface Connection extends AutoCloseable {

		/**
		 * Delivers one mail, or throws. A failure concerns that mail only: the connection
		 * stays usable for the next one, reconnecting if the server dropped it. Once it
		 * cannot, every further send throws at once rather than waiting for a server that
		 * is gone.
		 */
		void send(QueuedMail mail) throws Exception;

		/** Ends the connection; a failure to say goodbye changes nothing already sent. */
		@Override
		default void close() {
		}

	}

}
