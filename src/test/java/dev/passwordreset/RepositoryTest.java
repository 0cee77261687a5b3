package dev.passwordreset;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.passwordreset.audit.AuditLog;
import org.junit.jupiter.api.Tag;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;

/**
 * A JPA slice on the run's real database (H2 or PostgreSQL), with the Flyway schema and
 * the {@link AuditLog}. Every class with this annotation shares one context: the audit
 * log's own tests need it, the others do not mind it, and each further slice would cost
 * seconds in each database pass.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(AuditLog.class)
@Tag("database")
public @interface RepositoryTest {

}
