package dev.passwordreset.identity;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.passwordreset.ldap.LdapDirectories;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Identity stores. A store's {@code name} is what OAM calls IDSTOREREF, so it is unique
 * without regard to case.
 */
@Service
public class IdentityStoreService {

	private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private final IdentityStoreRepository stores;

	private final UserRepository users;

	private final GroupRepository groups;

	private final IdentityProperties properties;

	private final LdapDirectories directories;

	private final Clock clock;

	IdentityStoreService(IdentityStoreRepository stores, UserRepository users, GroupRepository groups,
			IdentityProperties properties, LdapDirectories directories, Clock clock) {
		this.directories = directories;
		this.stores = stores;
		this.users = users;
		this.groups = groups;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public IdentityStoreInfo create(String name, String callerAccountId) {
		return create(name, IdentityStoreKind.INTERNAL, callerAccountId);
	}

	/**
	 * A new store of this kind. An LDAP store's directory must be configured under
	 * {@code reset.ldap.stores.<name>} first: its connection and secret never come
	 * through the API.
	 */
	@Transactional
	public IdentityStoreInfo create(String name, IdentityStoreKind kind, String callerAccountId) {
		if (name == null || !STORE_NAME.matcher(name).matches()) {
			throw IdentityException.invalid("name",
					"must be 1 to 64 letters, digits or . _ - and start with a letter or digit");
		}
		if (kind == IdentityStoreKind.LDAP && !this.directories.isConfigured(name)) {
			throw IdentityException.invalid("kind",
					"ldap needs the store's directory configured first, as reset.ldap.stores.<name>.*");
		}
		if (this.stores.existsByNameKey(IdentityStore.key(name))) {
			throw duplicate(name);
		}
		try {
			return this.stores.saveAndFlush(new IdentityStore(name, kind, this.clock.instant(), callerAccountId))
				.toInfo();
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicate(name);
		}
	}

	@Transactional(readOnly = true)
	public IdentityStoreInfo get(String identityStoreId) {
		return this.stores.findById(identityStoreId)
			.map(IdentityStore::toInfo)
			.orElseThrow(() -> notFound(identityStoreId));
	}

	/**
	 * The store with this name without regard to case. Store names are ASCII, so a name
	 * that is not one names no store: otherwise a Kelvin sign, which Java lower-cases to
	 * {@code k}, would match.
	 */
	@Transactional(readOnly = true)
	public Optional<IdentityStoreInfo> findByName(String name) {
		return named(this.stores, name).map(IdentityStore::toInfo);
	}

	static Optional<IdentityStore> named(IdentityStoreRepository stores, String name) {
		if (!STORE_NAME.matcher(name).matches()) {
			return Optional.empty();
		}
		return stores.findByNameKey(IdentityStore.key(name));
	}

	@Transactional(readOnly = true)
	public IdentityStorePage list(int limit, @Nullable String marker) {
		String after = (marker != null) ? Markers.decode(marker) : "";
		List<IdentityStore> page = this.stores.findByIdGreaterThanOrderByIdAsc(after, Limit.of(limit + 1));
		boolean more = page.size() > limit;
		List<IdentityStoreInfo> stores = page.stream().limit(limit).map(IdentityStore::toInfo).toList();
		String next = more ? Markers.encode(stores.get(stores.size() - 1).identityStoreId()) : null;
		return new IdentityStorePage(stores, next);
	}

	@Transactional(readOnly = true)
	public IdentityStoreSummary summary(String identityStoreId) {
		IdentityStore store = this.stores.findById(identityStoreId).orElseThrow(() -> notFound(identityStoreId));
		return new IdentityStoreSummary(store.id(), this.users.countByIdentityStoreId(store.id()),
				this.properties.usersQuota(), this.groups.countByIdentityStoreId(store.id()),
				this.properties.groupsQuota());
	}

	static IdentityException notFound(String identityStoreId) {
		// The id comes straight from the URL, so it is echoed only when it is plainly an
		// id.
		return IdentityException.notFound(IdentityError.STORE_NOT_FOUND,
				SAFE_ID.matcher(identityStoreId).matches() ? identityStoreId : null);
	}

	private static IdentityException duplicate(String name) {
		return IdentityException.duplicate(IdentityError.DUPLICATE_STORE_NAME, "name", IdentityException.Clash.SAME);
	}

}
