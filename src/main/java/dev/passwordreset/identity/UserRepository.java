package dev.passwordreset.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.data.repository.Repository;

interface UserRepository extends Repository<User, UUID> {

	/**
	 * The user with this id if it belongs to this store. The store is compared here
	 * rather than in the query: with both in its where clause, PostgreSQL without
	 * statistics for the table (a bulk load before autovacuum's first analyze, or a
	 * server without autovacuum) scanned the store's whole name index instead of the
	 * primary key, 27 ms a lookup at 8,000 users where the key takes 0.05.
	 */
	default Optional<User> findByIdAndIdentityStoreId(UUID id, String identityStoreId) {
		return findWithContactsById(id).filter((user) -> user.identityStoreId().equals(identityStoreId));
	}

	// A user is looked up to be shown, changed or reset, and each of those reads its
	// emails and phone numbers: one query with them costs less than three. Written out
	// rather than as an entity graph, because Hibernate caches the plan of a query but
	// not of a graph applied to it.
	@Query("select u from User u left join fetch u.emails left join fetch u.phoneNumbers where u.id = :id")
	Optional<User> findWithContactsById(@Param("id") UUID id);

	boolean existsByIdentityStoreIdAndUserNameKey(String identityStoreId, String userNameKey);

	boolean existsByIdentityStoreIdAndUserNameSkeleton(String identityStoreId, String userNameSkeleton);

	/** Keyset paging: the marker is the last user name key of the previous page. */
	List<User> findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(String identityStoreId,
			String afterUserNameKey, Limit limit);

	@Query("""
			select u from User u left join fetch u.emails left join fetch u.phoneNumbers
			where u.identityStoreId = :identityStoreId and u.userNameKey = :userNameKey""")
	List<User> findByIdentityStoreIdAndUserNameKey(@Param("identityStoreId") String identityStoreId,
			@Param("userNameKey") String userNameKey);

	long countByIdentityStoreId(String identityStoreId);

	/**
	 * Users of the store with this address among their emails, compared by
	 * {@link Identifiers#emailKeyDigest}.
	 */
	@Query("""
			select distinct u from User u join u.emails e
			where u.identityStoreId = :identityStoreId and e.emailKeyDigest = :emailKeyDigest
			order by u.userNameKey""")
	List<User> findByIdentityStoreIdAndEmail(@Param("identityStoreId") String identityStoreId,
			@Param("emailKeyDigest") String emailKeyDigest, Limit limit);

	/**
	 * Reserves one sign-in attempt in one conditional statement, before any password is
	 * compared: it succeeds only while the user is not locked, counts the attempt as a
	 * failure in advance, and locks the user when the count reaches {@code maxFailures}.
	 * A lock that has ended starts the count anew at this attempt. Both databases
	 * re-check the condition on the current row after waiting for its lock, so concurrent
	 * reservations on any instance are serialized and at most {@code maxFailures} of them
	 * succeed per lock period.
	 * @return 1 when the attempt was reserved, 0 when the user is locked
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	// Native, because a bind parameter inside CASE needs its type spelled out for
	// PostgreSQL.
	@Query(nativeQuery = true, value = """
			update store_user set
			    failed_sign_ins = case when locked_until is null then failed_sign_ins + 1 else 1 end,
			    locked_until = case
			        when (case when locked_until is null then failed_sign_ins + 1 else 1 end) >= :maxFailures
			        then cast(:lockedUntil as timestamp with time zone) else null end
			where id = :id and (locked_until is null or locked_until <= cast(:now as timestamp with time zone))""")
	int reserveSignInAttempt(@Param("id") UUID id, @Param("maxFailures") int maxFailures, @Param("now") Instant now,
			@Param("lockedUntil") Instant lockedUntil);

	/**
	 * Takes back the failures counted up to and including a reservation whose password
	 * matched. Reservations made after it stay counted, and so does a lock that one of
	 * them set; only when none was made is the count zero and the lock (the reservation's
	 * own, if it was the last allowed one) lifted. When the count is below
	 * {@code attempt}, the counter was reset since (a new password, or a new lock
	 * period), and there is nothing of ours left to take back.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update User u set u.failedSignIns = u.failedSignIns - :attempt,
			    u.lockedUntil = case when u.failedSignIns = :attempt then null else u.lockedUntil end
			where u.id = :id and u.failedSignIns >= :attempt""")
	int releaseSignInAttempts(@Param("id") UUID id, @Param("attempt") int attempt);

	@Query("select u.failedSignIns from User u where u.id = :id")
	int failedSignIns(@Param("id") UUID id);

	/**
	 * Sets a new password in one conditional update rather than through the entity's
	 * version check: of concurrent resets each one lands, one after the other in the
	 * order of their commits, as the row's lock orders them, and the last one wins. The
	 * version still moves on, so an edit of the user that read it before fails rather
	 * than writing back the old password. Any lockout ends with a new password.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update versioned User u set u.passwordHash = :hash, u.passwordChangeRequired = :changeRequired,
			    u.passwordExpiresAt = :expiresAt, u.passwordSetAt = :now, u.failedSignIns = 0,
			    u.lockedUntil = null, u.updatedAt = :now, u.updatedBy = :updatedBy
			where u.id = :id and u.identityStoreId = :identityStoreId""")
	int setPassword(@Param("id") UUID id, @Param("identityStoreId") String identityStoreId, @Param("hash") String hash,
			@Param("changeRequired") boolean changeRequired, @Param("expiresAt") @Nullable Instant expiresAt,
			@Param("now") Instant now, @Param("updatedBy") String updatedBy);

	/**
	 * Replaces a hash by a stronger one of the same password, unless the password was
	 * changed since; unlike a new password, it leaves the failure count and any lock
	 * alone.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update versioned User u set u.passwordHash = :newHash
			where u.id = :id and u.passwordHash = :oldHash""")
	int replacePasswordHash(@Param("id") UUID id, @Param("oldHash") String oldHash, @Param("newHash") String newHash);

	User saveAndFlush(User user);

	void delete(User user);

	/**
	 * Whether the user with this id belongs to this store; by the primary key alone, as
	 * {@link #findByIdAndIdentityStoreId} says why.
	 */
	default boolean existsByIdAndIdentityStoreId(UUID id, String identityStoreId) {
		return findIdentityStoreIdById(id).filter(identityStoreId::equals).isPresent();
	}

	@Query("select u.identityStoreId from User u where u.id = :id")
	Optional<String> findIdentityStoreIdById(@Param("id") UUID id);

	/**
	 * The anchor of a directory's user: its stable identifier and store, and nothing of
	 * the directory's attributes (see V15).
	 */
	@Modifying
	@Query(nativeQuery = true, value = """
			insert into store_user (id, identity_store_id, user_name, user_name_key, enabled, email_verified,
			    password_change_required, failed_sign_ins, created_at, created_by, updated_at, updated_by, version)
			values (:id, :identityStoreId, :anchorName, :anchorName, true, false, false, 0,
			    cast(:now as timestamp with time zone), 'directory', cast(:now as timestamp with time zone),
			    'directory', 0)""")
	int insertDirectoryAnchor(@Param("id") UUID id, @Param("identityStoreId") String identityStoreId,
			@Param("anchorName") String anchorName, @Param("now") Instant now);

}
