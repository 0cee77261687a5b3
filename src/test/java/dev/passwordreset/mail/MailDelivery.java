package dev.passwordreset.mail;

import org.springframework.context.ApplicationContext;

/**
 * Runs the running application's outbox worker from a journey test, as its scheduler
 * would, so that the test decides when mail goes out instead of waiting for a poll.
 */
public final class MailDelivery {

	private MailDelivery() {
	}

	/**
	 * Polls until nothing due is left to claim. Mails whose delivery failed wait for
	 * their backoff and are not retried here.
	 * @return how many mails were claimed in all
	 */
	public static int deliverQueued(ApplicationContext context) {
		MailOutboxWorker worker = context.getBean(MailOutboxWorker.class);
		int claimed = 0;
		for (int polled = worker.poll(); polled > 0; polled = worker.poll()) {
			claimed += polled;
		}
		return claimed;
	}

}
