package dev.passwordreset;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A journey over real HTTP against the whole service on a random port. Every class with
 * this annotation shares one application context, and runs in both database passes. One
 * loopback address, {@link #TRUSTED_PROXY}, is a trusted reverse proxy.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "reset.trusted-proxies=" + ApiTest.TRUSTED_PROXY)
@Tag("database")
public @interface ApiTest {

	/**
	 * The one peer whose forwarded headers count; a test sends from it with
	 * {@code HttpApi.from}. Every other loopback address is an untrusted client.
	 */
	String TRUSTED_PROXY = "127.9.9.9";

}
