package dev.passwordreset.api.oam;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures no journey can provoke on purpose: a bug, and a database that is briefly
 * away.
 */
class OamExceptionHandlerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OamExceptionHandler handler = new OamExceptionHandler(
			new OamErrors(JSON, new OamXml.OamXmlConverter(OamXml.mapper())));

	@Test
	void aBugIsA500WithoutAStackTraceOrExceptionName() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.unexpected(new IllegalStateException("select secret from users"), request(), response);
		JsonNode body = JSON.readTree(response.getContentAsString());
		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(body.get("resultCode").asString()).isEqualTo("16");
		assertThat(body.get("minorCode").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(response.getContentAsString()).doesNotContainPattern(OamAssertions.INTERNALS);
	}

	@Test
	void aDatabaseThatIsBrieflyAwayIsA503WithRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.databaseUnavailable(new QueryTimeoutException("timeout in select"), request(), response);
		JsonNode body = JSON.readTree(response.getContentAsString());
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(body.get("resultCode").asString()).isEqualTo("17");
		assertThat(body.get("minorCode").asString()).isEqualTo("SERVICE_UNAVAILABLE");
	}

	@Test
	void aConnectionTheDatabaseEndedMidTransactionIsA503EvenUnderJpasWrapper() throws Exception {
		// A PostgreSQL restart: the rollback failed on the closed connection, and JPA
		// said only that.
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler
			.unexpected(new JpaSystemException(new PersistenceException("Unable to rollback against JDBC Connection",
					new SQLException("Connection is closed"))), request(), response);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(JSON.readTree(response.getContentAsString()).get("resultCode").asString()).isEqualTo("17");
	}

	@Test
	void aConnectionThePoolCannotGiveInTimeIsTheDatabaseBeingBrieflyAway() {
		// Not a DataAccessException: without its own mapping it would fall through to the
		// 500.
		CannotCreateTransactionException poolTimeout = new CannotCreateTransactionException(
				"Could not open JPA EntityManager for transaction");
		assertThat(new ExceptionHandlerMethodResolver(OamExceptionHandler.class).resolveMethod(poolTimeout))
			.extracting(java.lang.reflect.Method::getName)
			.isEqualTo("databaseUnavailable");
	}

	@Test
	void aConcurrentChangeIsA503WithRetryAfterAsTheDescriptionPromises() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.identity(dev.passwordreset.identity.IdentityException
			.of(dev.passwordreset.identity.IdentityError.CONCURRENT_MODIFICATION), request(), response);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(JSON.readTree(response.getContentAsString()).get("minorCode").asString())
			.isEqualTo("SERVICE_UNAVAILABLE");
	}

	@Test
	void everyResultHasItsOwnCodes() {
		assertThat(java.util.Arrays.stream(OamResult.values()).map(OamResult::resultCode)).doesNotHaveDuplicates();
		assertThat(java.util.Arrays.stream(OamResult.values()).map(OamResult::minorCode)).doesNotHaveDuplicates();
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("POST", "/oam/services/rest/auth/api/v1/mfa/createOTP");
	}

}
