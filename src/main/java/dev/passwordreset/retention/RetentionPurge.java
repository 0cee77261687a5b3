package dev.passwordreset.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes, every {@code reset.retention.interval} on each instance, the rows of every
 * {@link ExpiredRows} that have been of no use for longer than
 * {@code reset.retention.period}. Instances need no coordination: a row that matches
 * stays matching, so two purges at once only ever delete it once, and a batch is one
 * short statement.
 */
@Component
class RetentionPurge implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(RetentionPurge.class);

	private final List<ExpiredRows> tables;

	private final RetentionProperties properties;

	private final Clock clock;

	/**
	 * Set when the application starts to close: a long run (the first after an upgrade
	 * may find millions of rows) stops after its current batch instead of holding up the
	 * shutdown, which waits for running scheduled tasks.
	 */
	private volatile boolean closing;

	/** Each table's count of deleted rows, there from the start at zero. */
	private final Map<ExpiredRows, Counter> counters = new IdentityHashMap<>();

	RetentionPurge(List<ExpiredRows> tables, RetentionProperties properties, Clock clock, MeterRegistry meters) {
		this.tables = List.copyOf(tables);
		this.properties = properties;
		this.clock = clock;
		for (ExpiredRows table : this.tables) {
			this.counters.put(table,
					Counter.builder("reset.retention.deleted")
						.description("Rows deleted once past reset.retention.period")
						.tag("table", table.table())
						.register(meters));
		}
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar
			.addFixedDelayTask(new FixedDelayTask(this::purge, this.properties.interval(), this.properties.interval()));
	}

	/** What is left is deleted by the next run, on this instance or another. */
	@EventListener(ContextClosedEvent.class)
	void stop() {
		this.closing = true;
	}

	/**
	 * Deletes what has passed the retention period in every table, batch after batch
	 * until a batch comes back short or the application closes. A table that fails (the
	 * database away) is left for the next run, and the others are still purged.
	 * @return how many rows were deleted in all
	 */
	long purge() {
		Instant cutoff = this.clock.instant().minus(this.properties.period());
		long all = 0;
		for (ExpiredRows table : this.tables) {
			if (this.closing) {
				break;
			}
			all += purge(table, cutoff);
		}
		return all;
	}

	private long purge(ExpiredRows table, Instant cutoff) {
		long deleted = 0;
		try {
			int batch;
			do {
				batch = table.deleteUnusableBefore(cutoff, this.properties.batchSize());
				deleted += batch;
			}
			while (batch == this.properties.batchSize() && !this.closing);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete the expired rows of {}, will try again in {}: {}", table.table(),
					this.properties.interval(), ex.getClass().getSimpleName());
		}
		if (deleted > 0) {
			this.counters.get(table).increment(deleted);
			logger.info("Deleted {} rows of {} that were of no use since before {}", deleted, table.table(), cutoff);
		}
		return deleted;
	}

}
