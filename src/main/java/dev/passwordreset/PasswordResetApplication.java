package dev.passwordreset;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PasswordResetApplication {

	public static void main(String[] args) {
		SpringApplication.run(PasswordResetApplication.class, args);
	}

	/**
	 * Every expiry and timestamp reads this clock, so tests can move time instead of
	 * sleeping.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
