package dev.passwordreset;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * A journey over real HTTP whose mail goes to a real SMTP server: the test class
 * registers a GreenMail server on {@link MailJourneyPort#SMTP_PORT} and delivers queued
 * mail with {@code MailDelivery.deliverQueued}, so that it decides when the "mail server"
 * is up. Links are built from {@code https://reset.example.test}, so a test can tell they
 * come from the setting. One-time passwords are masked in answers and mailed, as in a
 * deployment where mail is their channel. SMS go to an HTTP gateway on
 * {@link MailJourneyPort#SMS_GATEWAY_PORT}, where a class that sends them starts an
 * {@link SmsGatewayStub}. Every class with this annotation shares one application
 * context, and runs in both database passes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.mail.host=localhost",
		"reset.public-base-url=https://reset.example.test", "reset.otp-password.mask-in-response=true",
		"reset.mail.worker-enabled=false", "reset.mail.initial-backoff=200ms", "reset.mail.max-backoff=1s",
		"reset.mail.max-attempts=100", "spring.mail.properties.mail.smtp.connectiontimeout=2000",
		"spring.mail.properties.mail.smtp.timeout=2000", "reset.sms.connect-timeout=1s", "reset.sms.read-timeout=2s" })
@ContextConfiguration(initializers = MailJourneyPort.class)
@Tag("database")
public @interface MailJourneyTest {

}
