package dev.passwordreset.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.passwordreset.RepositoryTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.Mockito.mock;

/**
 * The audit log on the run's real database. Events are committed for real, as in
 * production, and other tests share the table, so each test works with accounts of its
 * own.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@ExtendWith(OutputCaptureExtension.class)
class AuditLogTests {

	@Autowired
	AuditLog audit;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void anEventIsReadBackWithEveryField() {
		String account = newAccountId();
		Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
		AuditEvent event = new AuditEvent(AuditEventType.ACCESS_DENIED, AuditOutcome.DENIED, at, account,
				"AKEXAMPLE00000000001", "2001:db8::1", "req-1", "identitystore:user:list",
				"/v1/identity-stores/d-0123456789/users", "no allow: a reason");
		this.audit.record(event);

		List<AuditEntry> found = find(null, account, null, null, 100);
		assertThat(found).singleElement().satisfies((entry) -> {
			assertThat(entry.event()).isEqualTo(event);
			assertThat(entry.eventId()).isNotBlank();
		});
	}

	@Test
	void eventsComeNewestFirstAndFiltersCombine() {
		String account = newAccountId();
		Instant base = Instant.parse("2026-04-01T00:00:00Z");
		record(AuditEventType.ACCESS_DENIED, account, base);
		record(AuditEventType.AUTHENTICATION_FAILED, account, base.plusSeconds(2));
		record(AuditEventType.ACCESS_DENIED, account, base.plusSeconds(1));
		record(AuditEventType.ACCESS_DENIED, newAccountId(), base.plusSeconds(1));

		assertThat(times(find(null, account, null, null, 100))).containsExactly(base.plusSeconds(2),
				base.plusSeconds(1), base);
		assertThat(times(find(AuditEventType.ACCESS_DENIED, account, null, null, 100)))
			.containsExactly(base.plusSeconds(1), base);
		assertThat(times(find(null, account, base.plusSeconds(1), null, 100))).containsExactly(base.plusSeconds(2),
				base.plusSeconds(1));
		assertThat(times(find(null, account, null, base.plusSeconds(1), 100))).containsExactly(base);
		assertThat(times(find(AuditEventType.ACCESS_DENIED, account, base.plusSeconds(1), base.plusSeconds(2), 100)))
			.containsExactly(base.plusSeconds(1));
	}

	@Test
	void pagesThroughEventsOfOneInstantWithoutLosingOrRepeatingAny() {
		String account = newAccountId();
		Instant at = Instant.parse("2026-05-01T00:00:00.000001Z");
		for (int i = 0; i < 5; i++) {
			record(AuditEventType.ACCESS_DENIED, account, at);
		}
		List<String> ids = new ArrayList<>();
		String marker = null;
		int pages = 0;
		do {
			AuditPage page = this.audit.find(new AuditQuery(null, account, null, null, 2, marker));
			page.entries().forEach((entry) -> ids.add(entry.eventId()));
			marker = page.nextMarker();
			pages++;
		}
		while (marker != null);
		assertThat(pages).isEqualTo(3);
		assertThat(ids).hasSize(5).doesNotHaveDuplicates();
		assertThat(ids.stream().map(Long::valueOf).toList()).isSortedAccordingTo((a, b) -> b.compareTo(a));
	}

	@Test
	void nanosecondsAreCutToWhatTheDatabaseKeeps() {
		String account = newAccountId();
		record(AuditEventType.ACCESS_DENIED, account, Instant.parse("2026-06-01T00:00:00.000000999Z"));
		record(AuditEventType.ACCESS_DENIED, account, Instant.parse("2026-06-01T00:00:00.000001999Z"));
		AuditPage first = this.audit.find(new AuditQuery(null, account, null, null, 1, null));
		AuditPage second = this.audit.find(new AuditQuery(null, account, null, null, 1, first.nextMarker()));
		assertThat(first.entries().get(0).event().occurredAt()).isEqualTo("2026-06-01T00:00:00.000001Z");
		assertThat(second.entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.event().occurredAt()).isEqualTo("2026-06-01T00:00:00Z"));
		assertThat(second.nextMarker()).isNull();
	}

	@Test
	void anEventStaysRecordedWhenTheCallersTransactionRollsBack() {
		String account = newAccountId();
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			record(AuditEventType.ACCESS_DENIED, account, Instant.now());
			status.setRollbackOnly();
		});
		assertThat(find(null, account, null, null, 100)).hasSize(1);
	}

	@Test
	void aMarkerTheLogDidNotIssueIsRefused() {
		assertThatExceptionOfType(InvalidAuditQueryException.class)
			.isThrownBy(() -> this.audit.find(new AuditQuery(null, null, null, null, 10, "bm90IGEgbWFya2Vy")));
		assertThatExceptionOfType(InvalidAuditQueryException.class)
			.isThrownBy(() -> new AuditQuery(null, null, null, null, 0, null));
		assertThatExceptionOfType(InvalidAuditQueryException.class)
			.isThrownBy(() -> new AuditQuery(null, null, Instant.now(), Instant.now().minusSeconds(1), 10, null));
	}

	@Test
	void aFailureToRecordIsLoggedWithoutTheEventAndNeverThrown(CapturedOutput output) {
		JdbcTemplate failing = new JdbcTemplate() {

			@Override
			public int update(String sql, @Nullable Object... args) {
				throw new DataIntegrityViolationException("value (forged-detail) refused");
			}

		};
		AuditLog log = new AuditLog(mock(AuditEventRepository.class), failing, this.transactionManager);
		String account = newAccountId();

		assertThatNoException().isThrownBy(() -> record(log, AuditEventType.ACCESS_DENIED, account, Instant.now()));
		assertThat(output.getAll()).contains("Could not record an audit event of type ACCESS_DENIED")
			.doesNotContain("forged-detail")
			.doesNotContain(account);
	}

	private List<AuditEntry> find(AuditEventType type, String accountId, Instant from, Instant to, int limit) {
		return this.audit.find(new AuditQuery(type, accountId, from, to, limit, null)).entries();
	}

	private void record(AuditEventType type, String accountId, Instant at) {
		record(this.audit, type, accountId, at);
	}

	private static void record(AuditLog log, AuditEventType type, String accountId, Instant at) {
		log.record(new AuditEvent(type,
				(type == AuditEventType.ACCESS_DENIED) ? AuditOutcome.DENIED : AuditOutcome.FAILURE, at, accountId,
				null, "127.0.0.1", null, null, null, type.name() + ": test"));
	}

	private static List<Instant> times(List<AuditEntry> entries) {
		return entries.stream().map((entry) -> entry.event().occurredAt().truncatedTo(ChronoUnit.MICROS)).toList();
	}

	private static String newAccountId() {
		byte[] bytes = new byte[16];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
