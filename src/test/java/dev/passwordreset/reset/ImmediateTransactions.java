package dev.passwordreset.reset;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A transaction manager without a database, for the reset services on their own: it runs
 * each transaction's work at once and notes how each ended, so a test can tell a commit
 * from a rollback.
 */
final class ImmediateTransactions extends AbstractPlatformTransactionManager {

	private final List<String> outcomes = new CopyOnWriteArrayList<>();

	/** How each transaction ended, in order: {@code commit} or {@code rollback}. */
	List<String> outcomes() {
		return this.outcomes;
	}

	@Override
	protected Object doGetTransaction() {
		return new Object();
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		this.outcomes.add("commit");
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		this.outcomes.add("rollback");
	}

}
