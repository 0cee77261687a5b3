package dev.passwordreset;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.BytecodeSettings;
import org.hibernate.service.spi.ServiceContributor;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hibernate without classes generated at run time. By default Hibernate has Byte Buddy
 * make a proxy class for every entity at start, so that a lazy to-one association or
 * {@code getReference} can hand out a stand-in before its row is read, and builds a Byte
 * Buddy enhancer for a load-time weaver that Spring never installs here. No entity has a
 * to-one association (a user's emails, phone numbers, addresses and external ids are
 * element collections, which need no proxy) and nothing asks for a reference, so all of
 * that was made at every start and never used: a thousand classes of Byte Buddy and what
 * it generated, which the JVM's AOT cache cannot hold. Hibernate's own provider for when
 * none is registered makes nothing; entities are read and written through reflection.
 * Should an entity ever need a proxy, the read that needs it fails with Hibernate's
 * message that the 'none' provider is configured, in the first test that makes that read.
 */
@Configuration(proxyBeanMethods = false)
class EntitiesWithoutGeneratedClasses {

	private static final BytecodeProvider NONE = new org.hibernate.bytecode.internal.none.BytecodeProviderImpl();

	/** The enhancer's provider, which is read from the settings. */
	@Bean
	HibernatePropertiesCustomizer enhancerWithoutGeneratedClasses() {
		return (properties) -> properties.put(BytecodeSettings.BYTECODE_PROVIDER_INSTANCE, NONE);
	}

	/**
	 * The entities' provider, which Hibernate looks up as a service (registered in
	 * {@code META-INF/services}).
	 */
	public static class Contributor implements ServiceContributor {

		@Override
		public void contribute(StandardServiceRegistryBuilder serviceRegistryBuilder) {
			serviceRegistryBuilder.addService(BytecodeProvider.class, NONE);
		}

	}

}
