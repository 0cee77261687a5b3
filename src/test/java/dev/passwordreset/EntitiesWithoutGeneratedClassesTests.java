package dev.passwordreset;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.BytecodeSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hibernate as the service runs it makes no class at run time: neither a proxy class per
 * entity nor the enhancer, which would need Byte Buddy. Every journey test reads and
 * writes the entities this way.
 */
@ApiTest
class EntitiesWithoutGeneratedClassesTests {

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Test
	void hibernateRunsWithTheProviderThatGeneratesNothingForEntitiesAndEnhancerAlike() {
		SessionFactoryImplementor sessionFactory = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		BytecodeProvider provider = sessionFactory.getServiceRegistry().requireService(BytecodeProvider.class);
		assertThat(provider).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);
		assertThat(sessionFactory.getProperties()).containsEntry(BytecodeSettings.BYTECODE_PROVIDER_INSTANCE, provider);
	}

	@Test
	void noEntityHasAProxyClass() {
		SessionFactoryImplementor sessionFactory = this.entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		List<Class<?>> entities = sessionFactory.getMappingMetamodel()
			.streamEntityDescriptors()
			.<Class<?>>map(EntityPersister::getMappedClass)
			.toList();
		assertThat(entities).hasSizeGreaterThan(5)
			.allSatisfy((entity) -> assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName(entity.getName() + "$HibernateProxy", false, entity.getClassLoader())));
	}

}
