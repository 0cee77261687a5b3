package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

interface IdentityStoreRepository extends Repository<IdentityStore, String> {

	Optional<IdentityStore> findById(String id);

	boolean existsById(String id);

	/**
	 * Reads a store and locks its row until the transaction ends, so that the users or groups
	 * added to one store are counted and created one transaction at a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<IdentityStore> findForUpdateById(String id);

	Optional<IdentityStore> findByNameKey(String nameKey);

	boolean existsByNameKey(String nameKey);

	List<IdentityStore> findByIdGreaterThanOrderByIdAsc(String afterId, Limit limit);

	IdentityStore saveAndFlush(IdentityStore store);

}
