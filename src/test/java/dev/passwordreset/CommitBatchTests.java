package dev.passwordreset;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Writes sent with their transaction's commit, on the run's real database (H2, then
 * PostgreSQL). Rows of {@code rate_limit_bucket} stand for any table: a key of its shape
 * that no limit uses.
 */
@RepositoryTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class CommitBatchTests {

	private static final String INSERT = "insert into rate_limit_bucket (bucket_key, created_at) values (?, ?)";

	private static final String TOUCH = "update rate_limit_bucket set last_event_at = created_at where bucket_key = ?";

	private static final OffsetDateTime CREATED = Instant.now()
		.truncatedTo(ChronoUnit.SECONDS)
		.atOffset(ZoneOffset.UTC);

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void writesAddedInATransactionCommitWithItInTheOrderTheyWereAdded() {
		CommitBatch batch = new CommitBatch(this.jdbc);
		String key = newKey();
		String other = newKey();

		inTransaction(() -> {
			batch.add(INSERT, key, CREATED);
			// An update of the row just added: it finds the row only if it runs after it.
			batch.add(TOUCH, key);
			new CommitBatch(this.jdbc).add(INSERT, other, CREATED);
			assertThat(count(key)).as("nothing is sent before the commit").isZero();
		});

		assertThat(count(key)).isOne();
		assertThat(count(other)).as("another instance's write, in the same batch").isOne();
		assertThat(this.jdbc.queryForObject("select last_event_at from rate_limit_bucket where bucket_key = ?",
				OffsetDateTime.class, key))
			.isEqualTo(CREATED);
	}

	@Test
	void aTransactionThatRollsBackSendsNone() {
		CommitBatch batch = new CommitBatch(this.jdbc);
		String key = newKey();

		assertThatIllegalStateException().isThrownBy(() -> inTransaction(() -> {
			batch.add(INSERT, key, CREATED);
			throw new IllegalStateException("the caller's work failed");
		}));

		assertThat(count(key)).isZero();
	}

	@Test
	void aWriteThatFailsRollsBackTheWholeTransactionAndItsCommitThrows() {
		CommitBatch batch = new CommitBatch(this.jdbc);
		String taken = newKey();
		this.jdbc.update(INSERT, taken, CREATED);
		String atOnce = newKey();
		String before = newKey();

		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> inTransaction(() -> {
			this.jdbc.update(INSERT, atOnce, CREATED);
			batch.add(INSERT, before, CREATED);
			batch.add(INSERT, taken, CREATED);
		}));

		assertThat(count(atOnce)).as("a statement the transaction ran at once").isZero();
		assertThat(count(before)).as("a write of the batch before the one that failed").isZero();
		assertThat(count(taken)).isOne();
	}

	@Test
	void outsideATransactionAWriteRunsAtOnce() {
		String key = newKey();

		new CommitBatch(this.jdbc).add(INSERT, key, CREATED);

		assertThat(count(key)).isOne();
	}

	@Test
	void inATransactionThatKeepsNoSynchronizationsAWriteRunsAtOnce() {
		DataSourceTransactionManager withoutSynchronizations = new DataSourceTransactionManager(
				this.jdbc.getDataSource());
		withoutSynchronizations.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_NEVER);
		String key = newKey();

		new TransactionTemplate(withoutSynchronizations).executeWithoutResult((status) -> {
			new CommitBatch(this.jdbc).add(INSERT, key, CREATED);
			assertThat(count(key)).as("in the transaction, at once").isOne();
		});

		assertThat(count(key)).isOne();
	}

	@Test
	void aTransactionBegunInsideAnotherSendsItsOwnWritesWithItsOwnCommit() {
		CommitBatch batch = new CommitBatch(this.jdbc);
		String outer = newKey();
		String inner = newKey();
		TransactionTemplate ofItsOwn = new TransactionTemplate(this.transactionManager);
		ofItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

		assertThatIllegalStateException().isThrownBy(() -> inTransaction(() -> {
			batch.add(INSERT, outer, CREATED);
			ofItsOwn.executeWithoutResult((status) -> batch.add(INSERT, inner, CREATED));
			assertThat(countElsewhere(inner)).as("committed with the inner transaction").isOne();
			assertThat(countElsewhere(outer)).as("the outer transaction's write, still held").isZero();
			throw new IllegalStateException("the outer transaction rolls back");
		}));

		assertThat(count(inner)).isOne();
		assertThat(count(outer)).isZero();
	}

	@Test
	void onPostgresqlATransactionsWritesGoAsOneStatementString() {
		boolean postgresql = "postgresql".equals(System.getProperty("test.database"));
		List<String> sent = new ArrayList<>();
		JdbcTemplate recording = new JdbcTemplate(this.jdbc.getDataSource()) {
			@Override
			public int update(String sql, @Nullable Object... arguments) {
				sent.add(sql);
				return super.update(sql, arguments);
			}

			@Override
			public <T> @Nullable T execute(String sql, PreparedStatementCallback<T> action) {
				sent.add(sql);
				return super.execute(sql, action);
			}
		};
		CommitBatch batch = new CommitBatch(recording);
		String first = newKey();
		String second = newKey();

		inTransaction(() -> {
			batch.add(INSERT, first, CREATED);
			batch.add(INSERT, second, CREATED);
			batch.add(TOUCH, second);
		});

		assertThat(count(first)).isOne();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from rate_limit_bucket where bucket_key = ? and last_event_at is not null",
				Integer.class, second))
			.isOne();
		if (postgresql) {
			// PostgreSQL's driver sends a statement string's statements before one sync:
			// one round trip for all three.
			assertThat(sent).containsExactly(INSERT + "; " + INSERT + "; " + TOUCH);
		}
		else {
			assertThat(sent).containsExactly(INSERT, INSERT, TOUCH);
		}
	}

	private void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> work.run());
	}

	private int count(String key) {
		Integer count = this.jdbc.queryForObject("select count(*) from rate_limit_bucket where bucket_key = ?",
				Integer.class, key);
		return (count != null) ? count : 0;
	}

	/** The count on a connection of its own, outside the caller's transaction. */
	private int countElsewhere(String key) {
		TransactionTemplate elsewhere = new TransactionTemplate(this.transactionManager);
		elsewhere.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		Integer count = elsewhere.execute((status) -> count(key));
		return (count != null) ? count : 0;
	}

	/** A key shaped as the limiter's (64 hexadecimal digits) that no limit uses. */
	private static String newKey() {
		return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
	}

}
