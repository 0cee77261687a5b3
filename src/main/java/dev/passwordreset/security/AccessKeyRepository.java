package dev.passwordreset.security;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface AccessKeyRepository extends Repository<AccessKey, String> {

	Optional<AccessKey> findById(String accessKeyId);

	boolean existsById(String accessKeyId);

	boolean existsBy();

	List<AccessKey> findByAccountIdOrderByCreatedAtAsc(String accountId);

	long countByAccountId(String accountId);

	AccessKey saveAndFlush(AccessKey key);

	void delete(AccessKey key);

}
