package dev.passwordreset.password;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface PasswordHistoryRepository extends Repository<PasswordHistoryEntry, Long> {

	/** The user's most recent entries, newest first. */
	List<PasswordHistoryEntry> findByUserIdOrderByIdDesc(UUID userId, Limit limit);

	PasswordHistoryEntry save(PasswordHistoryEntry entry);

	/** Deletes the user's entries older than the given one. */
	@Modifying
	@Query("delete from PasswordHistoryEntry e where e.userId = :userId and e.id < :id")
	int deleteOlderThan(@Param("userId") UUID userId, @Param("id") long id);

	@Modifying
	@Query("delete from PasswordHistoryEntry e where e.userId = :userId")
	int deleteByUserId(@Param("userId") UUID userId);

}
