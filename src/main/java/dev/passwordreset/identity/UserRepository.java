package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

interface UserRepository extends Repository<User, UUID> {

	Optional<User> findByIdAndIdentityStoreId(UUID id, String identityStoreId);

	boolean existsByIdentityStoreIdAndUserNameKey(String identityStoreId, String userNameKey);

	/** Keyset paging: the marker is the last user name key of the previous page. */
	List<User> findByIdentityStoreIdAndUserNameKeyGreaterThanOrderByUserNameKeyAsc(String identityStoreId,
			String afterUserNameKey, Limit limit);

	List<User> findByIdentityStoreIdAndUserNameKey(String identityStoreId, String userNameKey);

	long countByIdentityStoreId(String identityStoreId);

	User saveAndFlush(User user);

	void delete(User user);

}
