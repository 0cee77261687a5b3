package dev.passwordreset;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other test class (see {@code junit-platform.properties}) and checks
 * that no secret the run handled (access-key secrets, bearer and security tokens, Basic
 * credentials) appears anywhere in what the run printed, which includes every log line,
 * or in any audit record.
 */
@ApiTest
@Order(Integer.MAX_VALUE)
class SecretsNeverLoggedTests {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void noSecretSeenByTheSuiteAppearsInItsLogs() {
		Set<String> secrets = TestSecrets.all();
		// The check is only worth something when the suite really handled secrets.
		assertThat(secrets.size()).as("secrets the suite handled (a partial run handles fewer)").isGreaterThan(20);
		String output = TestSecrets.output();
		assertThat(output).isNotEmpty();
		for (String secret : secrets) {
			assertThat(output).as("a secret of %d characters appears in the logs", secret.length())
				.doesNotContain(secret);
		}
	}

	@Test
	void noSecretSeenByTheSuiteAppearsInAnAuditRecord() {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event");
		assertThat(rows).isNotEmpty();
		String records = rows.toString();
		for (String secret : TestSecrets.all()) {
			assertThat(records).as("a secret of %d characters appears in an audit record", secret.length())
				.doesNotContain(secret);
		}
	}

}
