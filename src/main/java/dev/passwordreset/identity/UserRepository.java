package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import java.time.Instant;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.data.repository.Repository;

interface UserRepository extends Repository<User, UUID> {

	Optional<User> findByIdAndIdentityStoreId(UUID id, String identityStoreId);

	boolean existsByIdentityStoreIdAndUserNameKey(String identityStoreId, String userNameKey);

	boolean existsByIdentityStoreIdAndUserNameSkeleton(String identityStoreId, String userNameSkeleton);

	/** Keyset paging: the marker is the last user name key of the previous page. */
	List<User> findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(String identityStoreId,
			String afterUserNameKey, Limit limit);

	List<User> findByIdentityStoreIdAndUserNameKey(String identityStoreId, String userNameKey);

	long countByIdentityStoreId(String identityStoreId);

	/** Users of the store with this address among their emails, compared by {@link Identifiers#emailKeyDigest}. */
	@Query("""
			select distinct u from User u join u.emails e
			where u.identityStoreId = :identityStoreId and e.emailKeyDigest = :emailKeyDigest
			order by u.userNameKey""")
	List<User> findByIdentityStoreIdAndEmail(@Param("identityStoreId") String identityStoreId,
			@Param("emailKeyDigest") String emailKeyDigest, Limit limit);

	/**
	 * Counts a failed sign-in in one statement, so concurrent failures are never lost, and locks
	 * the user when this failure reaches the limit.
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update User u set u.failedSignIns = u.failedSignIns + 1,
			    u.lockedUntil = case when u.failedSignIns + 1 >= :maxFailures then :lockedUntil else u.lockedUntil end
			where u.id = :id""")
	int countFailedSignIn(@Param("id") UUID id, @Param("maxFailures") int maxFailures,
			@Param("lockedUntil") Instant lockedUntil);

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update User u set u.failedSignIns = 0, u.lockedUntil = null where u.id = :id and u.failedSignIns > 0")
	int clearFailedSignIns(@Param("id") UUID id);

	@Query("select u.failedSignIns from User u where u.id = :id")
	int failedSignIns(@Param("id") UUID id);

	User saveAndFlush(User user);

	void delete(User user);

}
