package dev.passwordreset.ldap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The LDAP directories of the configured stores: one connection pool each, opened on
 * first use so that a directory that is down does not stop the service from starting. A
 * failure to reach the directory is a {@link DirectoryUnavailableException}; its refusal
 * of a password under its own policy a {@link DirectoryPasswordRefusedException}. Log
 * lines name the store, the operation and the result code, never a password or the
 * directory's diagnostic text (which may quote the value).
 */
@Component
public class LdapDirectories implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LdapDirectories.class);

	private final LdapProperties properties;

	private final MeterRegistry meters;

	private final Map<String, LDAPConnectionPool> pools = new ConcurrentHashMap<>();

	LdapDirectories(LdapProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.meters = meters;
	}

	/** Whether {@code reset.ldap.stores} configures a directory for this store. */
	public boolean isConfigured(String storeName) {
		return this.properties.forStore(storeName).isPresent();
	}

	/**
	 * The one user whose user-name attribute has this value and who matches the store's
	 * filter; none when nobody or more than one does.
	 */
	public Optional<DirectoryUser> findByUserName(String storeName, String userName) {
		LdapProperties.Directory directory = directory(storeName);
		return findOne(storeName, directory, Filter.createEqualityFilter(directory.attributes().userName(), userName));
	}

	/** The user with this stable identifier, wherever it was moved or renamed. */
	public Optional<DirectoryUser> findById(String storeName, UUID id) {
		LdapProperties.Directory directory = directory(storeName);
		String attribute = directory.attributes().id();
		Filter filter = isObjectGuid(attribute) ? Filter.createEqualityFilter(attribute, objectGuidBytes(id))
				: Filter.createEqualityFilter(attribute, id.toString());
		return findOne(storeName, directory, filter);
	}

	/**
	 * Writes a new password in the store's mode, asking for the password policy response
	 * control so that a refusal can say why.
	 * @param mustChange whether the user must choose another at the next sign-in; Active
	 * Directory is told so with {@code pwdLastSet=0}, OpenLDAP and OUD decide by their
	 * policy's {@code pwdMustChange}
	 * @throws DirectoryPasswordRefusedException if the directory's policy refuses it
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public void setPassword(String storeName, DirectoryUser user, String password, boolean mustChange) {
		LdapProperties.Directory directory = directory(storeName);
		Control[] policy = { new DraftBeheraLDAPPasswordPolicy10RequestControl() };
		LDAPResult result;
		try {
			LDAPConnectionPool pool = pool(storeName, directory);
			result = switch (directory.passwordWriteMode()) {
				case PASSWORD_MODIFY -> {
					ExtendedResult extended = pool
						.processExtendedOperation(new PasswordModifyExtendedRequest(user.dn(), null, password, policy));
					yield extended;
				}
				case REPLACE -> pool.modify(new ModifyRequest(user.dn(),
						List.of(new Modification(ModificationType.REPLACE, "userPassword", password)), policy));
				case ACTIVE_DIRECTORY -> pool.modify(activeDirectoryChange(user.dn(), password, mustChange));
			};
		}
		catch (LDAPException ex) {
			result = ex.toLDAPResult();
		}
		if (result.getResultCode() == ResultCode.SUCCESS) {
			count(directory, "password", "success");
			return;
		}
		Optional<DirectoryPasswordRefusedException.Reason> refusal = refusal(result);
		if (refusal.isPresent()) {
			count(directory, "password", "refused");
			logger.info("The directory of store {} refused a new password: {} ({})", storeName, result.getResultCode(),
					refusal.get());
			throw new DirectoryPasswordRefusedException(refusal.get());
		}
		throw unavailable(storeName, directory, "password", result.getResultCode());
	}

	/**
	 * The longest a {@link #findById} and {@link #setPassword} together may take before
	 * they give up: per operation, the wait for a pooled connection, a connection,
	 * StartTLS, the bind and the operation itself, each twice for the retry on a dropped
	 * connection. A claim on a code or link that waits for the write must outlast it.
	 */
	public Duration longestPasswordWrite(String storeName) {
		LdapProperties.Directory directory = directory(storeName);
		Duration once = directory.connectTimeout().multipliedBy(2).plus(directory.responseTimeout().multipliedBy(3));
		return once.multipliedBy(4);
	}

	/**
	 * Active Directory's own form: {@code unicodePwd} replaced with the password in
	 * double quotes, encoded UTF-16LE, and {@code pwdLastSet=0} when the user must change
	 * it.
	 */
	static ModifyRequest activeDirectoryChange(String dn, String password, boolean mustChange) {
		List<Modification> modifications = new ArrayList<>();
		modifications.add(new Modification(ModificationType.REPLACE, "unicodePwd",
				("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE)));
		if (mustChange) {
			modifications.add(new Modification(ModificationType.REPLACE, "pwdLastSet", "0"));
		}
		return new ModifyRequest(dn, modifications);
	}

	/**
	 * Why the directory refused a password, when it was its policy: the password policy
	 * response control's error first, then Active Directory's constraint violation.
	 */
	static Optional<DirectoryPasswordRefusedException.Reason> refusal(LDAPResult result) {
		DraftBeheraLDAPPasswordPolicy10ErrorType error = policyError(result);
		if (error != null) {
			return Optional.ofNullable(switch (error) {
				case PASSWORD_TOO_SHORT -> DirectoryPasswordRefusedException.Reason.TOO_SHORT;
				case PASSWORD_IN_HISTORY -> DirectoryPasswordRefusedException.Reason.IN_HISTORY;
				case PASSWORD_TOO_YOUNG -> DirectoryPasswordRefusedException.Reason.TOO_YOUNG;
				case INSUFFICIENT_PASSWORD_QUALITY -> DirectoryPasswordRefusedException.Reason.INSUFFICIENT_QUALITY;
				case PASSWORD_MOD_NOT_ALLOWED, MUST_SUPPLY_OLD_PASSWORD, CHANGE_AFTER_RESET, PASSWORD_EXPIRED,
						ACCOUNT_LOCKED ->
					DirectoryPasswordRefusedException.Reason.REFUSED;
			});
		}
		if (result.getResultCode() == ResultCode.CONSTRAINT_VIOLATION) {
			return Optional.of(DirectoryPasswordRefusedException.Reason.REFUSED);
		}
		return Optional.empty();
	}

	private static @Nullable DraftBeheraLDAPPasswordPolicy10ErrorType policyError(LDAPResult result) {
		try {
			DraftBeheraLDAPPasswordPolicy10ResponseControl control = DraftBeheraLDAPPasswordPolicy10ResponseControl
				.get(result);
			return (control != null) ? control.getErrorType() : null;
		}
		catch (LDAPException ex) {
			// A malformed control says nothing we could rely on.
			return null;
		}
	}

	private Optional<DirectoryUser> findOne(String storeName, LdapProperties.Directory directory, Filter user) {
		try {
			Filter filter = Filter.createANDFilter(Filter.create(directory.userFilter()), user);
			SearchRequest request = new SearchRequest(directory.userBase(), SearchScope.SUB, filter,
					directory.attributes().all());
			// Two are enough to know the name is ambiguous.
			request.setSizeLimit(2);
			SearchResult result = pool(storeName, directory).search(request);
			count(directory, "search", "success");
			if (result.getEntryCount() != 1) {
				if (result.getEntryCount() > 1) {
					logger.warn("Two or more entries of store {} match one user; none is used", storeName);
				}
				return Optional.empty();
			}
			return toUser(directory.attributes(), result.getSearchEntries().get(0));
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
				logger.warn("Two or more entries of store {} match one user; none is used", storeName);
				return Optional.empty();
			}
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				return Optional.empty();
			}
			throw unavailable(storeName, directory, "search", ex.getResultCode());
		}
	}

	private static Optional<DirectoryUser> toUser(LdapProperties.Attributes attributes, SearchResultEntry entry) {
		String userName = entry.getAttributeValue(attributes.userName());
		UUID id = idOf(attributes.id(), entry);
		if (userName == null || id == null) {
			return Optional.empty();
		}
		return Optional.of(new DirectoryUser(id, entry.getDN(), userName,
				entry.getAttributeValue(attributes.displayName()), entry.getAttributeValue(attributes.givenName()),
				entry.getAttributeValue(attributes.familyName()), values(entry, attributes.email()),
				values(entry, attributes.phoneNumber()), entry.getAttributeValue(attributes.locale())));
	}

	private static List<String> values(SearchResultEntry entry, String attribute) {
		String[] values = entry.getAttributeValues(attribute);
		return (values != null) ? Arrays.asList(values) : List.of();
	}

	private static @Nullable UUID idOf(String attribute, SearchResultEntry entry) {
		if (isObjectGuid(attribute)) {
			byte[] bytes = entry.getAttributeValueBytes(attribute);
			return (bytes != null && bytes.length == 16) ? fromObjectGuid(bytes) : null;
		}
		String value = entry.getAttributeValue(attribute);
		try {
			return (value != null) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean isObjectGuid(String attribute) {
		return attribute.equalsIgnoreCase("objectGUID");
	}

	/**
	 * Active Directory writes a GUID's first three fields little-endian: the bytes of
	 * {@code 01020304-0506-0708-090a-0b0c0d0e0f10} are {@code 04 03 02 01 06 05 08 07 09
	 * 0a ...}.
	 */
	static UUID fromObjectGuid(byte[] guid) {
		byte[] ordered = { guid[3], guid[2], guid[1], guid[0], guid[5], guid[4], guid[7], guid[6], guid[8], guid[9],
				guid[10], guid[11], guid[12], guid[13], guid[14], guid[15] };
		ByteBuffer buffer = ByteBuffer.wrap(ordered);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	static byte[] objectGuidBytes(UUID id) {
		byte[] ordered = ByteBuffer.allocate(16)
			.putLong(id.getMostSignificantBits())
			.putLong(id.getLeastSignificantBits())
			.array();
		return new byte[] { ordered[3], ordered[2], ordered[1], ordered[0], ordered[5], ordered[4], ordered[7],
				ordered[6], ordered[8], ordered[9], ordered[10], ordered[11], ordered[12], ordered[13], ordered[14],
				ordered[15] };
	}

	private LdapProperties.Directory directory(String storeName) {
		return this.properties.forStore(storeName)
			.orElseThrow(() -> new DirectoryUnavailableException(storeName,
					"no directory is configured for the identity store (reset.ldap.stores." + storeName + ")"));
	}

	private LDAPConnectionPool pool(String storeName, LdapProperties.Directory directory) throws LDAPException {
		String key = storeName.toLowerCase(Locale.ROOT);
		LDAPConnectionPool pool = this.pools.get(key);
		if (pool != null) {
			return pool;
		}
		synchronized (this.pools) {
			pool = this.pools.get(key);
			if (pool == null) {
				pool = open(directory);
				this.pools.put(key, pool);
			}
			return pool;
		}
	}

	private static LDAPConnectionPool open(LdapProperties.Directory directory) throws LDAPException {
		LDAPURL url = new LDAPURL(directory.url());
		LDAPConnectionOptions options = new LDAPConnectionOptions();
		options.setConnectTimeoutMillis((int) directory.connectTimeout().toMillis());
		options.setResponseTimeoutMillis(directory.responseTimeout().toMillis());
		options.setUseSynchronousMode(true);
		options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
		SingleServerSet server;
		PostConnectProcessor startTls = null;
		try {
			SSLUtil ssl = new SSLUtil(
					(directory.trustStore() != null)
							? new TrustStoreTrustManager(directory.trustStore(),
									(directory.trustStorePassword() != null)
											? directory.trustStorePassword().toCharArray() : null,
									null, true)
							: JVMDefaultTrustManager.getInstance());
			if (directory.isLdaps()) {
				server = new SingleServerSet(url.getHost(), url.getPort(), ssl.createSSLSocketFactory(), options);
			}
			else {
				server = new SingleServerSet(url.getHost(), url.getPort(), options);
				if (directory.startTls()) {
					SSLContext context = ssl.createSSLContext();
					startTls = new StartTLSPostConnectProcessor(context);
				}
			}
		}
		catch (GeneralSecurityException ex) {
			throw new LDAPException(ResultCode.LOCAL_ERROR, "the trust store could not be read", ex);
		}
		// No connection at first and no failure when the directory is down: the pool
		// connects on demand, so the service starts and answers 503 until it is back.
		LDAPConnectionPool pool = new LDAPConnectionPool(server,
				new SimpleBindRequest(directory.bindDn(), directory.bindPassword()), 0, directory.poolSize(), startTls,
				false);
		// A connection the directory dropped (a restart) is replaced once, transparently.
		pool.setRetryFailedOperationsDueToInvalidConnections(true);
		pool.setMaxWaitTimeMillis(directory.connectTimeout().toMillis());
		return pool;
	}

	private DirectoryUnavailableException unavailable(String storeName, LdapProperties.Directory directory,
			String operation, ResultCode code) {
		count(directory, operation, "unavailable");
		logger.warn("The directory of store {} failed a {}: {}", storeName, operation, code);
		return new DirectoryUnavailableException(storeName, "the directory of the identity store did not answer");
	}

	private void count(LdapProperties.Directory directory, String operation, String outcome) {
		Counter.builder("reset.ldap.operations")
			.description("LDAP operations on the identity stores' directories")
			.tag("mode", directory.passwordWriteMode().name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.tag("operation", operation)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	@Override
	public void destroy() {
		this.pools.values().forEach(LDAPConnectionPool::close);
	}

}
