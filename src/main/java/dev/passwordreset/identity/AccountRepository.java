package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface AccountRepository extends Repository<Account, String> {

	Optional<Account> findById(String id);

	boolean existsById(String id);

	boolean existsByOrganizationIdAndNameKey(String organizationId, String nameKey);

	List<Account> findByOrganizationIdOrderByCreatedAtAscIdAsc(String organizationId);

	Account saveAndFlush(Account account);

}
