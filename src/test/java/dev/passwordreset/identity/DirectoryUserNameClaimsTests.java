package dev.passwordreset.identity;

import java.time.Clock;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.Mockito.mock;

/**
 * The name claims' fault path without a database; LdapStoreUserApiTests proves the claims
 * themselves with concurrent creations against slapd, on both databases.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectoryUserNameClaimsTests {

	@Test
	void aClaimThatCannotBeGivenBackIsLoggedAndLeftToLapseNeverThrown(CapturedOutput output) {
		JdbcTemplate down = new JdbcTemplate() {

			@Override
			public int update(String sql, @Nullable Object... args) {
				throw new DataAccessResourceFailureException("connection to db-secret-host refused");
			}

		};
		DirectoryUserNameClaims claims = new DirectoryUserNameClaims(down, Clock.systemUTC(),
				mock(PlatformTransactionManager.class));

		assertThatNoException().isThrownBy(() -> claims.release("d-1234567890", "grace", UUID.randomUUID()));
		assertThat(output.getAll())
			.contains("Could not give back a claim on a user name of identity store d-1234567890")
			.contains("it lapses at its time")
			.doesNotContain("db-secret-host")
			.doesNotContain("grace");
	}

}
