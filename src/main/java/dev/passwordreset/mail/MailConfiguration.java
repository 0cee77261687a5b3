package dev.passwordreset.mail;

import java.time.Clock;
import java.util.UUID;

import dev.passwordreset.DataDirectory;
import dev.passwordreset.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Wires the outbox worker and its transport: SMTP when {@code spring.mail.host} is set (Spring
 * Boot then provides the {@link JavaMailSender}), {@code .eml} files under
 * {@code ${reset.data-dir}/mail} otherwise. The worker is scheduled every
 * {@code reset.mail.poll-interval} unless {@code reset.mail.worker-enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration implements SchedulingConfigurer {

	private final MailOutboxProperties properties;

	private final MailOutboxWorker worker;

	MailConfiguration(MailOutboxProperties properties, MailOutboxStore store, MailTransport transport, Clock clock,
			AuditLog audit, MeterRegistry meters) {
		this.properties = properties;
		// One name per running instance, so that a claim says whose it is.
		this.worker = new MailOutboxWorker(store, transport, properties, clock, audit,
				new MailOutboxMetrics(meters, store), "worker-" + UUID.randomUUID());
	}

	@Bean
	MailOutboxWorker mailOutboxWorker() {
		return this.worker;
	}

	/**
	 * Stops the worker before anything else stops (the highest phase stops first): a poll in
	 * progress finishes the mail on the wire and gives the rest of its batch back, and the
	 * scheduler, which waits for it ({@code spring.task.scheduling.shutdown.*}), can then end.
	 */
	@Bean
	SmartLifecycle mailOutboxWorkerLifecycle() {
		return new SmartLifecycle() {

			private volatile boolean running;

			/** Also after a stop: a stopped context may be started again (as the test framework does). */
			@Override
			public void start() {
				MailConfiguration.this.worker.resume();
				this.running = true;
			}

			@Override
			public void stop() {
				MailConfiguration.this.worker.stop();
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return Integer.MAX_VALUE;
			}

		};
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.properties.workerEnabled()) {
			registrar.addFixedDelayTask(this.worker::poll, this.properties.pollInterval());
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Transports {

		@Bean
		@ConditionalOnProperty(prefix = "spring.mail", name = "host")
		MailTransport smtpMailTransport(JavaMailSender sender, MailOutboxProperties properties, Clock clock) {
			return new SmtpMailTransport(sender, properties.from(), clock);
		}

		@Bean
		@Conditional(NoSmtpHost.class)
		MailTransport emlFileTransport(DataDirectory dataDirectory, MailOutboxProperties properties, Clock clock) {
			return new EmlFileTransport(dataDirectory.resolve("mail"), properties.from(), clock);
		}

	}

	static final class NoSmtpHost extends NoneNestedConditions {

		NoSmtpHost() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "spring.mail", name = "host")
		static final class SmtpHost {

		}

	}

}
