package dev.passwordreset.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.passwordreset.identity.OrganizationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Permanent access keys: a 20-character id such as {@code AK...} and a 40-character
 * secret, the pair Huawei's clients sign with. The secret is shown once, at creation, and
 * kept encrypted under the master key.
 */
@Service
public class AccessKeyService {

	private static final Logger logger = LoggerFactory.getLogger(AccessKeyService.class);

	static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{20}");

	static final Pattern SECRET = Pattern.compile("[A-Za-z0-9]{40}");

	/** Huawei allows two permanent keys per user, which is enough to rotate one. */
	static final int KEYS_PER_ACCOUNT = 2;

	private final AccessKeyRepository keys;

	private final JdbcTemplate jdbc;

	private final OrganizationService organization;

	private final SecretCipher cipher;

	private final Clock clock;

	AccessKeyService(AccessKeyRepository keys, JdbcTemplate jdbc, OrganizationService organization, SecretCipher cipher,
			Clock clock) {
		this.keys = keys;
		this.jdbc = jdbc;
		this.organization = organization;
		this.cipher = cipher;
		this.clock = clock;
	}

	/**
	 * Creates a key for an account, if {@link MintingRule} lets the caller: with a
	 * permanent key, for its own account, or the management account for a member. The key
	 * belongs to the account it is for, so deleting the creator's key leaves it alone.
	 */
	@Transactional
	public NewAccessKey create(Caller caller, String accountId) {
		MintingRule.require(caller, MintTarget.PERMANENT_KEY, accountId);
		return newKey(accountId);
	}

	/**
	 * Creates the first key of the service, as bootstrap does; there is no caller yet, so
	 * it is refused once any key exists.
	 */
	@Transactional
	public NewAccessKey createFirstKey(String accountId) {
		requireNoKeys();
		return newKey(accountId);
	}

	/**
	 * Stores a key pair chosen by the operator, as bootstrap does with
	 * {@code reset.bootstrap.access-key-id} and
	 * {@code reset.bootstrap.secret-access-key}; like {@link #createFirstKey}, only while
	 * no key exists.
	 */
	@Transactional
	public NewAccessKey importKey(String accountId, String accessKeyId, String secretAccessKey) {
		requireNoKeys();
		if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()
				|| accessKeyId.startsWith(TemporaryCredentialService.KEY_PREFIX)) {
			throw AccessKeyException.invalidFormat("access_key_id",
					"must be 20 upper-case letters and digits, not starting with "
							+ TemporaryCredentialService.KEY_PREFIX);
		}
		if (!SECRET.matcher(secretAccessKey).matches()) {
			throw AccessKeyException.invalidFormat("secret_access_key", "must be 40 letters and digits");
		}
		if (this.keys.existsById(accessKeyId)) {
			throw AccessKeyException.of(AccessKeyError.DUPLICATE_ACCESS_KEY);
		}
		return store(accountId, accessKeyId, secretAccessKey);
	}

	@Transactional(readOnly = true)
	public List<AccessKeyInfo> list(String accountId) {
		requireAccount(accountId);
		return this.keys.findByAccountIdOrderByCreatedAtAsc(accountId).stream().map(AccessKey::toInfo).toList();
	}

	@Transactional
	public void delete(String accountId, String accessKeyId) {
		AccessKey key = this.keys.findById(accessKeyId)
			.filter((candidate) -> candidate.accountId().equals(accountId))
			.orElseThrow(() -> AccessKeyException.of(AccessKeyError.ACCESS_KEY_NOT_FOUND));
		this.keys.delete(key);
	}

	/**
	 * Checks a presented secret; the comparison takes the same time wherever the first
	 * difference is.
	 * @return the key's account when the key is active and the secret matches
	 */
	Optional<String> authenticate(String accessKeyId, String presentedSecret) {
		return signingKey(accessKeyId)
			.filter((key) -> MessageDigest.isEqual(key.secret().getBytes(StandardCharsets.UTF_8),
					presentedSecret.getBytes(StandardCharsets.UTF_8)))
			.map(SigningKey::accountId);
	}

	/**
	 * The plain secret of an active key, for checking a request signature. It never
	 * leaves the security package.
	 */
	Optional<SigningKey> signingKey(String accessKeyId) {
		Optional<ActiveKey> key = activeKey(accessKeyId);
		if (key.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new SigningKey(key.get().accountId(),
					this.cipher.decrypt(key.get().secretCiphertext(), accessKeyId)));
		}
		catch (SecretCipher.SecretUnreadableException ex) {
			logger.error("The secret of access key {} cannot be decrypted: was reset.security.master-key changed?",
					accessKeyId);
			return Optional.empty();
		}
	}

	/**
	 * Whether a permanent key still exists and is active; tokens and temporary
	 * credentials minted with it die with it.
	 */
	boolean isActive(String accessKeyId) {
		return activeKey(accessKeyId).isPresent();
	}

	/**
	 * The key as every signed or basic-authenticated request looks it up: one plain
	 * query, autocommitted outside a caller's transaction and in it inside one, so the
	 * methods that use it need no transaction of their own. Through JPA the same lookup
	 * opened and closed an entity manager and built an entity around the row, about three
	 * quarters of its cost on PostgreSQL.
	 */
	private Optional<ActiveKey> activeKey(String accessKeyId) {
		// Anything that is not a key id cannot be one; refusing it here keeps junk such
		// as NUL bytes away from the database.
		if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
			return Optional.empty();
		}
		return this.jdbc
			.query("select account_id, secret_ciphertext from access_key where access_key_id = ? and status = ?",
					(row, number) -> new ActiveKey(row.getString(1), row.getString(2)), accessKeyId, AccessKey.ACTIVE)
			.stream()
			.findFirst();
	}

	private record ActiveKey(String accountId, String secretCiphertext) {

	}

	record SigningKey(String accountId, String secret) {

		@Override
		public String toString() {
			return "SigningKey[accountId=" + this.accountId + "]";
		}

	}

	private NewAccessKey newKey(String accountId) {
		return store(accountId, "AK" + RandomSecrets.of(RandomSecrets.UPPER_ALPHANUMERIC, 18),
				RandomSecrets.of(RandomSecrets.ALPHANUMERIC, 40));
	}

	/**
	 * Keys made without a caller are the bootstrap's; afterwards every key has a creator.
	 */
	private void requireNoKeys() {
		if (this.keys.existsBy()) {
			throw new IllegalStateException("Access keys exist; a new one is created by a caller");
		}
	}

	private NewAccessKey store(String accountId, String accessKeyId, String secret) {
		requireAccount(accountId);
		if (this.keys.countByAccountId(accountId) >= KEYS_PER_ACCOUNT) {
			throw AccessKeyException.quotaExceeded(KEYS_PER_ACCOUNT);
		}
		AccessKey key = this.keys.saveAndFlush(
				new AccessKey(accessKeyId, accountId, this.cipher.encrypt(secret, accessKeyId), this.clock.instant()));
		return new NewAccessKey(key.accessKeyId(), secret, accountId, key.toInfo().createdAt());
	}

	private void requireAccount(String accountId) {
		if (!this.organization.accountExists(accountId)) {
			throw AccessKeyException.of(AccessKeyError.ACCOUNT_NOT_FOUND);
		}
	}

}
