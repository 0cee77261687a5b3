package dev.passwordreset.password;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One of a user's recent password hashes. Entries are inserted and deleted, never
 * changed.
 */
@Entity
@Table(name = "password_history")
class PasswordHistoryEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private UUID userId;

	private String passwordHash;

	private Instant createdAt;

	protected PasswordHistoryEntry() {
	}

	PasswordHistoryEntry(UUID userId, String passwordHash, Instant createdAt) {
		this.userId = userId;
		this.passwordHash = passwordHash;
		this.createdAt = createdAt;
	}

	Long id() {
		return this.id;
	}

	String passwordHash() {
		return this.passwordHash;
	}

}
