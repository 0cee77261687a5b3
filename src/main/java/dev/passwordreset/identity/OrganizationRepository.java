package dev.passwordreset.identity;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface OrganizationRepository extends Repository<Organization, String> {

	/** The service runs one organization; this is it, once bootstrap has created it. */
	Optional<Organization> findFirstByOrderByCreatedAtAsc();

	boolean existsBy();

	Organization saveAndFlush(Organization organization);

}
