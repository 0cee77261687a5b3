package dev.passwordreset;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the PostgreSQL pass, visibly, when {@link TestEnvironment} found no PostgreSQL,
 * and fails it instead under {@code CI=true}: CI must prove the PostgreSQL path every
 * time.
 */
public class PostgresPassCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = TestEnvironment.postgresUnavailableReason;
		if (!TestEnvironment.isPostgresPass() || reason == null) {
			return ConditionEvaluationResult.enabled("database available");
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true requires the PostgreSQL test pass, but " + reason);
		}
		return ConditionEvaluationResult.disabled("PostgreSQL pass skipped: " + reason);
	}

}
