package dev.passwordreset.ldap;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code ldap} health component: one entry per configured directory, by store name,
 * UP when the service can bind and read the user base, DOWN with the LDAP result's name
 * otherwise. Its details name the URL and user base, never the bind secret or the
 * directory's own text.
 * <p>
 * Not part of readiness: one directory that is down stops only the resets of its own
 * store (which answer 503 with {@code Retry-After}), while every other store, internal or
 * LDAP, still works on this instance and would on any other, so taking the instance out
 * of the load balancer would help nobody.
 */
@Component("ldap")
class DirectoryHealth implements CompositeHealthContributor {

	private final Map<String, HealthIndicator> stores = new TreeMap<>();

	DirectoryHealth(LdapProperties properties, LdapDirectories directories) {
		properties.stores().forEach((name, directory) -> this.stores.put(name, () -> {
			Health.Builder health = directories.problem(name)
				.map((problem) -> Health.down().withDetail("error", problem))
				.orElseGet(Health::up);
			return health.withDetail("url", directory.url()).withDetail("userBase", directory.userBase()).build();
		}));
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.stores.get(name);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.stores.entrySet()
			.stream()
			.map((entry) -> new HealthContributors.Entry(entry.getKey(), entry.getValue()));
	}

}
