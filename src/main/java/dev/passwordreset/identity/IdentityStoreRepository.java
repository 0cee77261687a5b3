package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

interface IdentityStoreRepository extends Repository<IdentityStore, String> {

	Optional<IdentityStore> findById(String id);

	boolean existsById(String id);

	Optional<IdentityStore> findByNameKey(String nameKey);

	boolean existsByNameKey(String nameKey);

	List<IdentityStore> findByIdGreaterThanOrderByIdAsc(String afterId, Limit limit);

	IdentityStore saveAndFlush(IdentityStore store);

}
