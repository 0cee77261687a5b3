package dev.passwordreset.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.passwordreset.DataDirectory;
import dev.passwordreset.identity.AccountInfo;
import dev.passwordreset.identity.IdentityStoreInfo;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.identity.OrganizationService;
import dev.passwordreset.security.AccessKeyService;
import dev.passwordreset.security.NewAccessKey;
import dev.passwordreset.security.OwnerOnlyFiles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates the organization, its management account, the default identity store and the
 * first access key, all in one transaction, so a failed first start leaves nothing half
 * made.
 */
@Component
class InitialSetup {

	static final String CREDENTIALS_FILE = "bootstrap-credentials.properties";

	private static final Logger logger = LoggerFactory.getLogger(InitialSetup.class);

	private final BootstrapProperties properties;

	private final OrganizationService organization;

	private final IdentityStoreService identityStores;

	private final AccessKeyService accessKeys;

	private final DataDirectory dataDirectory;

	InitialSetup(BootstrapProperties properties, OrganizationService organization, IdentityStoreService identityStores,
			AccessKeyService accessKeys, DataDirectory dataDirectory) {
		this.properties = properties;
		this.organization = organization;
		this.identityStores = identityStores;
		this.accessKeys = accessKeys;
		this.dataDirectory = dataDirectory;
	}

	@Transactional
	public void createInitialData() {
		@Nullable String configuredAccountId = hasText(this.properties.managementAccountId())
				? this.properties.managementAccountId() : null;
		AccountInfo management = this.organization.createOrganization(configuredAccountId,
				this.properties.managementAccountName());
		IdentityStoreInfo store = this.identityStores.create(this.properties.identityStoreName(), "system");
		if (this.properties.hasAccessKey()) {
			this.accessKeys.importKey(management.accountId(), this.properties.accessKeyId(),
					this.properties.secretAccessKey());
			logger.info("Bootstrapped management account {} with access key {} from reset.bootstrap.*",
					management.accountId(), this.properties.accessKeyId());
			return;
		}
		NewAccessKey key = this.accessKeys.createFirstKey(management.accountId());
		Path file = writeCredentials(management, store, key);
		logger.info("Bootstrapped management account {}; its access key and secret are in {}", management.accountId(),
				file.toAbsolutePath());
	}

	private Path writeCredentials(AccountInfo management, IdentityStoreInfo store, NewAccessKey key) {
		Path file = this.dataDirectory.resolve(CREDENTIALS_FILE);
		String content = """
				# Written once, when the service first started on an empty database. Keep it secret.
				# Use the key as HTTP Basic credentials: curl -u "$access_key_id:$secret_access_key" ...
				management_account_id=%s
				identity_store_id=%s
				access_key_id=%s
				secret_access_key=%s
				""".formatted(management.accountId(), store.identityStoreId(), key.accessKeyId(),
				key.secretAccessKey());
		try {
			// A file left by an earlier database belongs to credentials that no longer
			// exist.
			Files.deleteIfExists(file);
			OwnerOnlyFiles.write(file, content);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
