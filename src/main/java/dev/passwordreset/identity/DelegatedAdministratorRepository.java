package dev.passwordreset.identity;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface DelegatedAdministratorRepository extends Repository<DelegatedAdministrator, String> {

	boolean existsById(String accountId);

	Optional<DelegatedAdministrator> findById(String accountId);

	List<DelegatedAdministrator> findAll();

	DelegatedAdministrator saveAndFlush(DelegatedAdministrator administrator);

	void delete(DelegatedAdministrator administrator);

}
