package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface IdentityStoreRepository extends Repository<IdentityStore, String> {

	Optional<IdentityStore> findById(String id);

	boolean existsById(String id);

	/**
	 * Takes a place for one more user, if the store has one under {@code quota}: 1 when
	 * it did, 0 when the store is full or missing. The row stays locked until the
	 * transaction ends, so the creations of one store take turns and a rollback gives the
	 * place back.
	 */
	@Modifying
	@Query(value = "update identity_store set user_count = user_count + 1 where id = :id and user_count < :quota",
			nativeQuery = true)
	int takeUserPlace(@Param("id") String id, @Param("quota") long quota);

	@Modifying
	@Query(value = "update identity_store set user_count = user_count - 1 where id = :id", nativeQuery = true)
	int releaseUserPlace(@Param("id") String id);

	/** As {@link #takeUserPlace}, for groups. */
	@Modifying
	@Query(value = "update identity_store set group_count = group_count + 1 where id = :id and group_count < :quota",
			nativeQuery = true)
	int takeGroupPlace(@Param("id") String id, @Param("quota") long quota);

	@Modifying
	@Query(value = "update identity_store set group_count = group_count - 1 where id = :id", nativeQuery = true)
	int releaseGroupPlace(@Param("id") String id);

	Optional<IdentityStore> findByNameKey(String nameKey);

	boolean existsByNameKey(String nameKey);

	List<IdentityStore> findByIdGreaterThanOrderByIdAsc(String afterId, Limit limit);

	IdentityStore saveAndFlush(IdentityStore store);

}
