package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface GroupRepository extends Repository<Group, UUID> {

	/**
	 * The group with this id if it belongs to this store; by the primary key alone, for
	 * the reason {@link UserRepository#findByIdAndIdentityStoreId} gives (without
	 * statistics PostgreSQL scanned {@code uk_store_group_skeleton} on the store's id: 4
	 * ms at 8,000 groups where the key takes 0.06).
	 */
	default Optional<Group> findByIdAndIdentityStoreId(UUID id, String identityStoreId) {
		return findById(id).filter((group) -> group.identityStoreId().equals(identityStoreId));
	}

	Optional<Group> findById(UUID id);

	/** Whether the group with this id belongs to this store; by the primary key alone. */
	default boolean existsByIdAndIdentityStoreId(UUID id, String identityStoreId) {
		return findIdentityStoreIdById(id).filter(identityStoreId::equals).isPresent();
	}

	@Query("select g.identityStoreId from Group g where g.id = :id")
	Optional<String> findIdentityStoreIdById(@Param("id") UUID id);

	boolean existsByIdentityStoreIdAndDisplayNameKey(String identityStoreId, String displayNameKey);

	boolean existsByIdentityStoreIdAndDisplayNameSkeleton(String identityStoreId, String displayNameSkeleton);

	Optional<Group> findByIdentityStoreIdAndDisplayNameKey(String identityStoreId, String displayNameKey);

	/** Keyset paging: the marker is the last display-name key of the previous page. */
	List<Group> findByIdentityStoreIdAndDisplayNameKeyGreaterThanOrderByDisplayNameKeyAsc(String identityStoreId,
			String afterDisplayNameKey, Limit limit);

	long countByIdentityStoreId(String identityStoreId);

	Group saveAndFlush(Group group);

	void delete(Group group);

}
