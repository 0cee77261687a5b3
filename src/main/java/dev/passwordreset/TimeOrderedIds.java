package dev.passwordreset;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Ids for rows that the request paths insert by the thousand and that no caller names
 * (one-time codes, reset links, queued mails and texts, self-service requests): version 7
 * UUIDs (RFC 9562), which begin with the millisecond they were made, so that each new
 * row's key lands at the end of its primary-key index instead of on a random page of it.
 * Random keys make H2 read and rewrite a different index page for each insert, and make
 * PostgreSQL write a whole index page to its write-ahead log for the first change of each
 * page after a checkpoint (docs/performance.md, "Time-ordered row ids"). Ids that callers
 * see, such as users' and groups', stay random: a time-ordered id would tell anyone who
 * holds one when it was made.
 * <p>
 * Ids sort by the millisecond they were made in. The 74 bits after the millisecond and
 * the version start random ({@link java.security.SecureRandom}) and count up within a
 * millisecond while one caller makes ids alone; ids made at once by several callers may
 * interleave there, which costs an index nothing, since they all land on its last page.
 * None of these ids is a secret; the only one that leaves the service is a mail's, in its
 * Message-ID, where the time it tells is no more than the mail's Date header says.
 */
public final class TimeOrderedIds {

	private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

	private TimeOrderedIds() {
	}

	/**
	 * A new id, never made before.
	 * @return a version 7 UUID
	 */
	public static UUID next() {
		return GENERATOR.generate();
	}

}
