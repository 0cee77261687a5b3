package dev.passwordreset.sms;

/**
 * What became of one message at the gateway.
 *
 * @param kind whether it was taken, is worth another attempt, or never will be taken
 * @param description a fixed text of this service's, fit for a log line and the outbox's
 * {@code last_error}: the status or the exception's type, never the gateway's body, which
 * could quote the message
 */
public record SmsOutcome(Kind kind, String description) {

	public enum Kind {

		/** The gateway took the message (2xx). */
		SENT,

		/**
		 * Not now: the gateway is down, busy or slow (5xx, 408, 429, no connection, a
		 * timeout).
		 */
		RETRY,

		/**
		 * Never: the gateway refused this message (any other 4xx); retrying would get the
		 * same answer.
		 */
		REFUSED

	}

	static SmsOutcome sent(int status) {
		return new SmsOutcome(Kind.SENT, "the gateway answered " + status);
	}

	static SmsOutcome retry(String description) {
		return new SmsOutcome(Kind.RETRY, description);
	}

	static SmsOutcome refused(int status) {
		return new SmsOutcome(Kind.REFUSED, "the gateway refused the message: " + status);
	}

	/**
	 * What a status means: 2xx sent; 408, 429 and 5xx retry; any other 4xx refused.
	 * Redirects and informational answers are retried too: they mean the gateway URL is
	 * not the right one, which an operator can correct while the backoff runs, and this
	 * client follows no redirect with a code in its body.
	 */
	static SmsOutcome of(int status) {
		if (status >= 200 && status < 300) {
			return sent(status);
		}
		if (status >= 400 && status < 500 && status != 408 && status != 429) {
			return refused(status);
		}
		return retry("the gateway answered " + status);
	}

}
