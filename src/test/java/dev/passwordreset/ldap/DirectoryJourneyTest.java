package dev.passwordreset.ldap;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A journey over real HTTP whose identity stores live in the tests' real OpenLDAP
 * ({@link TestDirectory}), configured by {@link DirectoryJourneyStores}. Every class with
 * this annotation shares one application context, with a database of its own (the other
 * journeys make internal stores with the same names in the shared one), and runs in both
 * database passes. {@link LdapDirectories} is a spy that calls the real directories: a
 * test that holds a write at the door stubs it, and the stubbing is undone after each
 * test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = DirectoryJourneyStores.class)
@MockitoSpyBean(types = LdapDirectories.class)
@Tag("database")
public @interface DirectoryJourneyTest {

}
