package dev.passwordreset.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A batch's claim and another batch's sent mark can deadlock on H2 (seen in
 * {@code MailOutboxTests.workersRacingForTheSameMailsSendEachExactlyOnce}): the victim
 * statement changed nothing, so it runs again rather than leaving sent mails to be sent
 * twice.
 */
class MailOutboxStoreDeadlockTests {

	private static final Instant NOW = Instant.parse("2026-11-30T13:00:00Z");

	private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

	private final MailOutboxStore store = new MailOutboxStore(this.jdbc);

	private final List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

	@Test
	void aSentMarkChosenAsADeadlockVictimIsRunAgainAndMarksTheBatch() {
		when(this.jdbc.update(anyString(), any(Object[].class))).thenThrow(deadlock()).thenReturn(3);

		assertThat(this.store.markSent(this.ids, "batch-1", NOW)).isEqualTo(3);
		verify(this.jdbc, times(2)).update(anyString(), any(Object[].class));
	}

	@Test
	void aClaimChosenAsADeadlockVictimIsRunAgain() {
		when(this.jdbc.update(anyString(), any(Object[].class))).thenThrow(deadlock())
			.thenThrow(deadlock())
			.thenReturn(2);

		assertThat(this.store.claim(this.ids, "batch-2", NOW, NOW.plusSeconds(120))).isEqualTo(2);
	}

	@Test
	void aDeadlockThatPersistsIsReportedAfterAFewAttempts() {
		when(this.jdbc.update(anyString(), any(Object[].class))).thenThrow(deadlock());

		assertThatExceptionOfType(CannotAcquireLockException.class)
			.isThrownBy(() -> this.store.markSent(this.ids, "batch-3", NOW));
		verify(this.jdbc, times(5)).update(anyString(), any(Object[].class));
	}

	private static CannotAcquireLockException deadlock() {
		return new CannotAcquireLockException("Deadlock detected. The current transaction was rolled back.");
	}

}
