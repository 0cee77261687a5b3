package dev.passwordreset.mail;

import java.time.Clock;
import java.util.UUID;

import dev.passwordreset.DataDirectory;
import dev.passwordreset.audit.AuditLog;
import dev.passwordreset.sms.SmsGateway;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Wires the outbox worker, its senders and its transport: SMTP when
 * {@code spring.mail.host} is set (Spring Boot then provides the
 * {@link JavaMailSenderImpl}), {@code .eml} files under {@code ${reset.data-dir}/mail}
 * otherwise. The senders run unless {@code reset.mail.worker-enabled=false}. Queued SMS
 * go through the {@link SmsGateway} when {@code reset.sms.gateway-url} configures one.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	@Bean
	MailOutboxWorker mailOutboxWorker(MailOutboxStore store, MailTransport transport,
			ObjectProvider<SmsGateway> smsGateway, MailOutboxProperties properties, Clock clock, AuditLog audit,
			MeterRegistry meters) {
		// One name per running instance, so that a claim says whose it is.
		return new MailOutboxWorker(store, transport, smsGateway.getIfAvailable(), properties, clock, audit,
				new MailOutboxMetrics(meters, store), "worker-" + UUID.randomUUID());
	}

	@Bean
	MailOutboxSenders mailOutboxSenders(MailOutboxWorker worker, MailOutboxProperties properties) {
		return new MailOutboxSenders(worker, properties);
	}

	@Configuration(proxyBeanMethods = false)
	static class Transports {

		@Bean
		@ConditionalOnProperty(prefix = "spring.mail", name = "host")
		MailTransport smtpMailTransport(JavaMailSenderImpl sender, MailOutboxProperties properties, Clock clock) {
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
