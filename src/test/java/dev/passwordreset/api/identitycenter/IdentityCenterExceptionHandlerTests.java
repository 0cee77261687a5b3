package dev.passwordreset.api.identitycenter;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which handler answers a failure that no journey can provoke on purpose.
 */
class IdentityCenterExceptionHandlerTests {

	@Test
	void aConnectionThePoolCannotGiveInTimeIsTheDatabaseBeingBrieflyAway() {
		// Not a DataAccessException: without its own mapping it would fall through to the
		// 500.
		CannotCreateTransactionException poolTimeout = new CannotCreateTransactionException(
				"Could not open JPA EntityManager for transaction");
		assertThat(new ExceptionHandlerMethodResolver(IdentityCenterExceptionHandler.class).resolveMethod(poolTimeout))
			.extracting(Method::getName)
			.isEqualTo("databaseUnavailable");
	}

}
