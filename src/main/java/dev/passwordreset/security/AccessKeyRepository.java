package dev.passwordreset.security;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface AccessKeyRepository extends Repository<AccessKey, String> {

	Optional<AccessKey> findById(String accessKeyId);

	/**
	 * The key as every signed or basic-authenticated request looks it up. A declared
	 * query, unlike {@code findById}, starts no transaction of its own, so that outside a
	 * caller's transaction it is one autocommitted query: no commit's round trip.
	 */
	@Query("select k from AccessKey k where k.accessKeyId = :accessKeyId")
	Optional<AccessKey> findForAuthentication(@Param("accessKeyId") String accessKeyId);

	boolean existsById(String accessKeyId);

	boolean existsBy();

	List<AccessKey> findByAccountIdOrderByCreatedAtAsc(String accountId);

	long countByAccountId(String accountId);

	AccessKey saveAndFlush(AccessKey key);

	void delete(AccessKey key);

}
