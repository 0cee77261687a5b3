package dev.passwordreset.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface GroupMembershipRepository extends Repository<GroupMembership, UUID> {

	Optional<GroupMembership> findByIdAndIdentityStoreId(UUID id, String identityStoreId);

	Optional<GroupMembership> findByIdentityStoreIdAndGroupIdAndUserId(String identityStoreId, UUID groupId,
			UUID userId);

	boolean existsByGroupIdAndUserId(UUID groupId, UUID userId);

	/** Keyset paging by membership id: the marker is the last id of the previous page. */
	List<GroupMembership> findByGroupIdAndIdGreaterThanOrderByIdAsc(UUID groupId, UUID afterId, Limit limit);

	List<GroupMembership> findByUserIdAndIdGreaterThanOrderByIdAsc(UUID userId, UUID afterId, Limit limit);

	@Query("select m.groupId from GroupMembership m where m.userId = :userId and m.groupId in :groupIds")
	List<UUID> findGroupIdsOfUser(@Param("userId") UUID userId, @Param("groupIds") Collection<UUID> groupIds);

	@Modifying(flushAutomatically = true)
	@Query("delete from GroupMembership m where m.userId = :userId")
	int deleteByUserId(@Param("userId") UUID userId);

	@Modifying(flushAutomatically = true)
	@Query("delete from GroupMembership m where m.groupId = :groupId")
	int deleteByGroupId(@Param("groupId") UUID groupId);

	GroupMembership saveAndFlush(GroupMembership membership);

	void delete(GroupMembership membership);

}
