package dev.passwordreset;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;

/**
 * The repositories, as Spring Boot would set them up, but with the declared queries read
 * by Spring Data's pattern-based query enhancer instead of its HQL parser. Spring Data
 * parses each {@code @Query} only to add sorting or derive a count query, which none of
 * ours needs; Hibernate still parses and checks every query at start. The HQL parser, run
 * cold, took about half a second of every start, more than all the rest of making the
 * repositories.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(queryEnhancerSelector = JpaRepositoriesConfiguration.PatternQueryEnhancerSelector.class)
class JpaRepositoriesConfiguration {

	static class PatternQueryEnhancerSelector implements QueryEnhancerSelector {

		@Override
		public QueryEnhancerFactory select(DeclaredQuery query) {
			return QueryEnhancerFactories.fallback();
		}

	}

}
