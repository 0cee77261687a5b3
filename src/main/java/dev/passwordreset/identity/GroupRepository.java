package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

interface GroupRepository extends Repository<Group, UUID> {

	Optional<Group> findByIdAndIdentityStoreId(UUID id, String identityStoreId);

	boolean existsByIdAndIdentityStoreId(UUID id, String identityStoreId);

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
