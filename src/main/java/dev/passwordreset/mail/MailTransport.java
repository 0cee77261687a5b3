package dev.passwordreset.mail;

/**
 * Hands one mail over for delivery: to an SMTP server, or into an {@code .eml} file when none is
 * configured. Implementations throw on failure; the worker decides about retries.
 */
interface MailTransport {

	/**
	 * Delivers the mail, or throws. The exception's message is never stored or logged, because a
	 * server's reply can quote the message.
	 */
	void send(QueuedMail mail) throws Exception;

}
