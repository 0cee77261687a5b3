package dev.passwordreset;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes that nothing in their transaction reads back or counts, held until the
 * transaction is about to commit and then sent together: on PostgreSQL as one statement
 * string, which its driver sends in one round trip (together with the transaction's
 * {@code BEGIN} when they are its first statements), instead of one round trip each. A
 * reset link's transaction (the user's older links ended, the new link, its mail, the
 * success audit row) takes two round trips instead of five. H2 runs inside the process,
 * where a round trip costs nothing, so there they run one by one.
 * <p>
 * They run in the order they were added, after every statement the transaction ran at
 * once, on the transaction's connection. A write that fails fails the commit: the whole
 * transaction rolls back, what it ran at once included, and the commit throws the write's
 * exception to whoever ends the transaction. A transaction that rolls back never sends
 * them. Outside a transaction a write runs at once.
 * <p>
 * One transaction keeps one batch for every instance on the same {@link DataSource}, so
 * each store makes its own, as it does a {@link SingleUseRows}. A transaction begun
 * inside another ({@code REQUIRES_NEW}) has a batch of its own, sent with its own commit.
 */
public final class CommitBatch {

	private final JdbcTemplate jdbc;

	/** Its data source, which the batches of a transaction are kept by. */
	private final Object database;

	private final DatabaseProduct product;

	public CommitBatch(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.product = new DatabaseProduct(jdbc);
		DataSource dataSource = jdbc.getDataSource();
		this.database = (dataSource != null) ? dataSource : jdbc;
	}

	/**
	 * Adds a write to the current transaction's batch, or runs it at once outside a
	 * transaction. The write's row count is not returned: a write whose count matters (a
	 * conditional update that decides something) does not belong here.
	 * @param sql one statement, with {@code ?} for its arguments
	 * @param arguments its arguments, as {@link JdbcTemplate#update(String, Object...)}
	 * takes them
	 */
	public void add(String sql, @Nullable Object... arguments) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			this.jdbc.update(sql, arguments);
			return;
		}
		pending().writes.add(new Write(sql, arguments));
	}

	/** This transaction's batch on this data source, registered on first use. */
	private Pending pending() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof Pending pending && pending.batch.database == this.database) {
				return pending;
			}
		}
		Pending pending = new Pending(this);
		TransactionSynchronizationManager.registerSynchronization(pending);
		return pending;
	}

	private void send(List<Write> writes) {
		if (writes.size() == 1 || !this.product.isPostgresql()) {
			writes.forEach((write) -> this.jdbc.update(write.sql(), write.arguments()));
			return;
		}
		String sql = writes.stream().map(Write::sql).collect(Collectors.joining("; "));
		Object[] arguments = writes.stream().flatMap((write) -> Arrays.stream(write.arguments())).toArray();
		this.jdbc.execute(sql, (PreparedStatementCallback<@Nullable Void>) (statement) -> {
			new ArgumentPreparedStatementSetter(arguments).setValues(statement);
			readEveryResult(statement);
			return null;
		});
	}

	/** Reads each statement's result, which also surfaces the first one that failed. */
	private static void readEveryResult(PreparedStatement statement) throws SQLException {
		boolean resultSet = statement.execute();
		while (resultSet || statement.getUpdateCount() != -1) {
			resultSet = statement.getMoreResults();
		}
	}

	private record Write(String sql, @Nullable Object[] arguments) {

	}

	/** One transaction's writes, sent just before it commits. */
	private static final class Pending implements TransactionSynchronization {

		/** The first to add, whose data source and statements the batch uses. */
		private final CommitBatch batch;

		private final List<Write> writes = new ArrayList<>();

		Pending(CommitBatch batch) {
			this.batch = batch;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			if (!this.writes.isEmpty()) {
				this.batch.send(this.writes);
			}
		}

	}

}
