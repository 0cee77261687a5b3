package dev.passwordreset.ldap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.util.StaticUtils;
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

	/** The reason code in Active Directory's diagnostic message of a refused bind. */
	private static final Pattern BIND_DATA = Pattern.compile("\\bdata ([0-9a-fA-F]{3,4})\\b");

	private final LdapProperties properties;

	private final MeterRegistry meters;

	private final Map<String, LDAPConnectionPool> pools = new ConcurrentHashMap<>();

	private final Map<String, Listing> listings = new ConcurrentHashMap<>();

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
	 * Directory is told so with {@code pwdLastSet=0}, OpenLDAP and OUD with
	 * {@code pwdReset}, which they enforce under a policy with {@code pwdMustChange}
	 * @throws DirectoryPasswordRefusedException if the directory's policy refuses it
	 * @throws DirectoryEntryRefusedException {@code GONE} if the entry was deleted or
	 * moved since it was found
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
			if (directory.passwordWriteMode() != PasswordWriteMode.ACTIVE_DIRECTORY) {
				markChangeRequired(storeName, directory, user, mustChange);
			}
			return;
		}
		if (result.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
			throw gone(storeName, directory, "password");
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

	/** Whether the store's directory takes new, changed and deleted entries. */
	public boolean isWritable(String storeName) {
		return this.properties.forStore(storeName).map(LdapProperties.Directory::writable).orElse(false);
	}

	/**
	 * Adds a user's entry under the store's parent DN, named by its RDN attribute with
	 * the user name, with the store's object classes and the mapped attributes;
	 * {@code cn} is given the user name when nothing else fills it, since {@code person}
	 * requires it. The new entry is read back, so that the caller learns its stable
	 * identifier.
	 * @throws DirectoryEntryRefusedException if the directory refuses the entry
	 * @throws DirectoryUnavailableException if the directory cannot be reached, or the
	 * entry cannot be read back
	 */
	public DirectoryUser addUser(String storeName, NewDirectoryUser user) {
		LdapProperties.Directory directory = directory(storeName);
		LdapProperties.NewEntry shape = directory.entry();
		String parent = (shape.parentDn() != null) ? shape.parentDn() : directory.userBase();
		String dn = new RDN(shape.rdnAttribute(), user.userName()).toString() + "," + parent;
		Map<String, List<String>> values = new LinkedHashMap<>();
		LdapProperties.Attributes attributes = directory.attributes();
		put(values, "objectClass", shape.objectClasses());
		put(values, attributes.userName(), List.of(user.userName()));
		put(values, shape.rdnAttribute(), List.of(user.userName()));
		put(values, attributes.displayName(), single(user.displayName()));
		put(values, attributes.givenName(), single(user.givenName()));
		put(values, attributes.familyName(), single(user.familyName()));
		put(values, attributes.email(), user.emails());
		put(values, attributes.phoneNumber(), user.phoneNumbers());
		put(values, attributes.locale(), single(user.locale()));
		if (shape.objectClasses().stream().anyMatch((objectClass) -> objectClass.equalsIgnoreCase("person"))) {
			put(values, "cn", List.of(user.userName()));
		}
		List<Attribute> entry = values.entrySet()
			.stream()
			.map((attribute) -> new Attribute(attribute.getKey(), attribute.getValue()))
			.toList();
		// Known before anything is added: an entry the store's base and filter would not
		// find could never be described, reset or deleted through the store.
		Set<String> controlled = new HashSet<>();
		Arrays.asList(attributes.userName(), attributes.displayName(), attributes.givenName(), attributes.familyName(),
				attributes.email(), attributes.phoneNumber(), attributes.locale(), shape.rdnAttribute(), "objectClass")
			.forEach((name) -> controlled.add(name.toLowerCase(Locale.ROOT)));
		values.keySet().forEach((name) -> controlled.add(name.toLowerCase(Locale.ROOT)));
		if (StoreFilter.wouldFind(directory, dn, entry, controlled) == StoreFilter.Verdict.NO) {
			count(directory, "add", "refused");
			logger.info("A new entry of store {} would not match its user base and filter; nothing was added",
					storeName);
			throw new DirectoryEntryRefusedException(DirectoryEntryRefusedException.Reason.OUTSIDE_FILTER);
		}
		LDAPConnectionPool pool;
		try {
			pool = pool(storeName, directory);
			pool.add(new AddRequest(dn, entry));
			count(directory, "add", "success");
		}
		catch (LDAPException ex) {
			throw entryFailure(storeName, directory, "add", ex.getResultCode());
		}
		return readBack(storeName, directory, pool, dn, user.userName());
	}

	/**
	 * The entry just added, found as every other lookup finds a user: by its user name
	 * under the store's base and filter. When the filter tests what only the directory
	 * sets (AD's {@code objectCategory}) and does not find it after all, or another entry
	 * has the same user name meanwhile (added by hand, or by an instance under another
	 * parent DN), the new entry is deleted again and the creation refused: the store
	 * could not find the user, or would find nobody by that name.
	 */
	private DirectoryUser readBack(String storeName, LdapProperties.Directory directory, LDAPConnectionPool pool,
			String dn, String userName) {
		List<SearchResultEntry> found;
		try {
			found = pool.search(new SearchRequest(directory.userBase(), SearchScope.SUB,
					Filter.createANDFilter(Filter.create(directory.userFilter()),
							Filter.createEqualityFilter(directory.attributes().userName(), userName)),
					wanted(directory, false)))
				.getSearchEntries();
			count(directory, "search", "success");
		}
		catch (LDAPException ex) {
			throw unavailable(storeName, directory, "search", ex.getResultCode());
		}
		boolean ours = found.stream().anyMatch((entry) -> sameName(entry.getDN(), dn));
		if (ours && found.size() == 1) {
			return toUser(directory, found.get(0)).orElseThrow(() -> new DirectoryUnavailableException(storeName,
					"the new entry has no user name or identifier the identity store can read"));
		}
		try {
			pool.delete(dn);
			count(directory, "delete", "success");
		}
		catch (LDAPException ex) {
			logger.warn("The new entry of store {} could not be deleted again: {}", storeName, ex.getResultCode());
		}
		count(directory, "add", "refused");
		logger.info("The new entry of store {} was deleted again: {}", storeName,
				ours ? "another entry has its user name" : "the store's base and filter do not find it");
		throw new DirectoryEntryRefusedException(ours ? DirectoryEntryRefusedException.Reason.EXISTS
				: DirectoryEntryRefusedException.Reason.OUTSIDE_FILTER);
	}

	private static boolean sameName(String dn, String other) {
		try {
			return new DN(dn).equals(new DN(other));
		}
		catch (LDAPException ex) {
			return dn.equalsIgnoreCase(other);
		}
	}

	/**
	 * The longest a user's creation may wait on the directory: a search, the add, the
	 * read-back and an undo, each as long as {@link #longestPasswordWrite} allows one
	 * operation and its retry.
	 */
	public Duration longestUserCreation(String storeName) {
		return longestPasswordWrite(storeName);
	}

	/**
	 * Enables or disables the user's account as the directory's administrator would: in
	 * Active Directory mode by the ACCOUNTDISABLE bit of {@code userAccountControl};
	 * otherwise (OpenLDAP with the ppolicy overlay) by {@code pwdAccountLockedTime}, set
	 * to {@value #LOCKED_FOR_GOOD} to lock the account until an administrator removes it
	 * and removed to enable it, which also ends a lockout after failed binds. Either way
	 * the directory itself then refuses the account's binds, whatever signs in against
	 * it. Enabling an enabled account, or disabling a disabled one, changes nothing.
	 * @throws DirectoryEntryRefusedException if the directory refuses the change (its
	 * schema lacks the attribute, or the service account may not write it), or
	 * {@code GONE} if the entry was deleted or moved since it was found
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public void setEnabled(String storeName, DirectoryUser user, boolean enabled) {
		LdapProperties.Directory directory = directory(storeName);
		String operation = enabled ? "enable" : "disable";
		try {
			LDAPConnectionPool pool = pool(storeName, directory);
			if (directory.passwordWriteMode() == PasswordWriteMode.ACTIVE_DIRECTORY) {
				setAccountDisable(pool, user.dn(), !enabled);
			}
			else if (enabled) {
				try {
					pool.modify(new ModifyRequest(user.dn(),
							new Modification(ModificationType.DELETE, PWD_ACCOUNT_LOCKED_TIME)));
				}
				catch (LDAPException ex) {
					if (ex.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
						throw ex;
					}
					// Not locked: enabled already.
				}
			}
			else {
				pool.modify(new ModifyRequest(user.dn(),
						new Modification(ModificationType.REPLACE, PWD_ACCOUNT_LOCKED_TIME, LOCKED_FOR_GOOD)));
			}
			count(directory, operation, "success");
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				throw gone(storeName, directory, operation);
			}
			throw entryFailure(storeName, directory, operation, ex.getResultCode());
		}
	}

	/** Tries of the optimistic change of {@code userAccountControl}. */
	private static final int FLAG_CHANGE_TRIES = 3;

	/**
	 * Sets or clears ACCOUNTDISABLE and leaves the other flags as they are. The value
	 * read is deleted and the new one added in one modification, which the directory
	 * applies only while the value is still the one read: a concurrent change of another
	 * flag makes it fail and it is read again, instead of being overwritten.
	 */
	static void setAccountDisable(LDAPConnectionPool pool, String dn, boolean disabled) throws LDAPException {
		for (int attempt = 1;; attempt++) {
			SearchResultEntry entry = pool.getEntry(dn, USER_ACCOUNT_CONTROL);
			if (entry == null) {
				throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "the entry is gone");
			}
			String read = entry.getAttributeValue(USER_ACCOUNT_CONTROL);
			int before = userAccountControl(entry);
			int after = disabled ? (before | ACCOUNT_DISABLE) : (before & ~ACCOUNT_DISABLE);
			if (read != null && after == before) {
				return;
			}
			List<Modification> change = new ArrayList<>();
			if (read != null) {
				change.add(new Modification(ModificationType.DELETE, USER_ACCOUNT_CONTROL, read));
			}
			change.add(new Modification(ModificationType.ADD, USER_ACCOUNT_CONTROL, Integer.toString(after)));
			try {
				pool.modify(new ModifyRequest(dn, change));
				return;
			}
			catch (LDAPException ex) {
				boolean changedMeanwhile = ex.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE
						|| ex.getResultCode() == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS;
				if (!changedMeanwhile || attempt == FLAG_CHANGE_TRIES) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Replaces the mapped attributes of the user's entry with these values, an empty one
	 * removing the attribute; the user name and the entry's name stay as they are.
	 * @throws DirectoryEntryRefusedException if the directory refuses the change, or
	 * {@code GONE} if the entry was deleted or moved since it was found
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public void modifyUser(String storeName, DirectoryUser user, NewDirectoryUser changed) {
		LdapProperties.Directory directory = directory(storeName);
		LdapProperties.Attributes attributes = directory.attributes();
		List<Modification> modifications = List.of(replace(attributes.displayName(), single(changed.displayName())),
				replace(attributes.givenName(), single(changed.givenName())),
				replace(attributes.familyName(), single(changed.familyName())),
				replace(attributes.email(), changed.emails()),
				replace(attributes.phoneNumber(), changed.phoneNumbers()),
				replace(attributes.locale(), single(changed.locale())));
		try {
			pool(storeName, directory).modify(new ModifyRequest(user.dn(), modifications));
			count(directory, "modify", "success");
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				throw gone(storeName, directory, "modify");
			}
			throw entryFailure(storeName, directory, "modify", ex.getResultCode());
		}
	}

	private static Modification replace(String attribute, List<String> values) {
		return new Modification(ModificationType.REPLACE, attribute,
				values.stream().filter((value) -> !value.isBlank()).toArray(String[]::new));
	}

	/**
	 * Deletes the user's entry.
	 * @throws DirectoryEntryRefusedException if the directory refuses (the entry has
	 * children, or the service account may not delete it)
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public void deleteUser(String storeName, DirectoryUser user) {
		LdapProperties.Directory directory = directory(storeName);
		try {
			pool(storeName, directory).delete(user.dn());
			count(directory, "delete", "success");
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				// Deleted meanwhile, which is what was asked.
				return;
			}
			throw entryFailure(storeName, directory, "delete", ex.getResultCode());
		}
	}

	/**
	 * A refusal the caller can act on, or an outage. Only the result code is logged: the
	 * diagnostic text may quote the values.
	 */
	private RuntimeException entryFailure(String storeName, LdapProperties.Directory directory, String operation,
			ResultCode code) {
		DirectoryEntryRefusedException.Reason reason = entryRefusal(code);
		if (reason == null) {
			return unavailable(storeName, directory, operation, code);
		}
		count(directory, operation, "refused");
		logger.info("The directory of store {} refused an {}: {}", storeName, operation, code);
		return new DirectoryEntryRefusedException(reason);
	}

	/**
	 * Tells the password policy overlay (OpenLDAP, OUD) whether the new password must be
	 * changed, by its own mark, {@code pwdReset}: set for a one-time password, removed
	 * for one the user chose. The overlay asks for the change at the next bind only under
	 * a policy with {@code pwdMustChange}, and by itself marks a password only when a
	 * password administrator (manage access) sets it and removes the mark otherwise: the
	 * service account is usually neither, so the mark is set here. A second modification
	 * rather than part of the write, so that a directory without the overlay, which does
	 * not know the attribute, still takes the password; one whose access control keeps
	 * the service from the mark leaves it as it was, logged.
	 */
	private void markChangeRequired(String storeName, LdapProperties.Directory directory, DirectoryUser user,
			boolean mustChange) {
		Modification mark = mustChange ? new Modification(ModificationType.REPLACE, PWD_RESET, "TRUE")
				: new Modification(ModificationType.REPLACE, PWD_RESET);
		try {
			pool(storeName, directory).modify(new ModifyRequest(user.dn(), mark));
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() != ResultCode.UNDEFINED_ATTRIBUTE_TYPE
					&& ex.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
				logger.warn("The directory of store {} did not take the must-change mark of a new password: {}",
						storeName, ex.getResultCode());
			}
		}
	}

	/**
	 * The user's entry, found a moment before, is not there for the change: deleted or
	 * moved meanwhile, which a directory that answers is not an outage.
	 */
	private DirectoryEntryRefusedException gone(String storeName, LdapProperties.Directory directory,
			String operation) {
		count(directory, operation, "refused");
		logger.info("The directory of store {} no longer has the entry of a {}: deleted or moved meanwhile", storeName,
				operation);
		return new DirectoryEntryRefusedException(DirectoryEntryRefusedException.Reason.GONE);
	}

	static DirectoryEntryRefusedException.@Nullable Reason entryRefusal(ResultCode code) {
		if (code == ResultCode.ENTRY_ALREADY_EXISTS) {
			return DirectoryEntryRefusedException.Reason.EXISTS;
		}
		if (code == ResultCode.OBJECT_CLASS_VIOLATION || code == ResultCode.CONSTRAINT_VIOLATION
				|| code == ResultCode.INVALID_ATTRIBUTE_SYNTAX || code == ResultCode.UNDEFINED_ATTRIBUTE_TYPE
				|| code == ResultCode.NAMING_VIOLATION || code == ResultCode.INVALID_DN_SYNTAX
				|| code == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS || code == ResultCode.NOT_ALLOWED_ON_NONLEAF
				|| code == ResultCode.NOT_ALLOWED_ON_RDN || code == ResultCode.OBJECT_CLASS_MODS_PROHIBITED) {
			return DirectoryEntryRefusedException.Reason.SCHEMA;
		}
		if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || code == ResultCode.UNWILLING_TO_PERFORM) {
			return DirectoryEntryRefusedException.Reason.NOT_ALLOWED;
		}
		return null;
	}

	private static void put(Map<String, List<String>> values, String attribute, List<String> more) {
		List<String> kept = more.stream().filter((value) -> !value.isBlank()).toList();
		if (kept.isEmpty()) {
			return;
		}
		String key = values.keySet()
			.stream()
			.filter((name) -> name.equalsIgnoreCase(attribute))
			.findFirst()
			.orElse(attribute);
		List<String> all = new ArrayList<>(values.getOrDefault(key, List.of()));
		kept.stream().filter((value) -> !all.contains(value)).forEach(all::add);
		values.put(key, all);
	}

	private static List<String> single(@Nullable String value) {
		return (value != null) ? List.of(value) : List.of();
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
					wanted(directory, false));
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
			return toUser(directory, result.getSearchEntries().get(0));
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

	private static Optional<DirectoryUser> toUser(LdapProperties.Directory directory, SearchResultEntry entry) {
		LdapProperties.Attributes attributes = directory.attributes();
		String userName = entry.getAttributeValue(attributes.userName());
		UUID id = idOf(attributes.id(), entry);
		if (userName == null || id == null) {
			return Optional.empty();
		}
		return Optional.of(new DirectoryUser(id, entry.getDN(), userName,
				entry.getAttributeValue(attributes.displayName()), entry.getAttributeValue(attributes.givenName()),
				entry.getAttributeValue(attributes.familyName()), values(entry, attributes.email()),
				values(entry, attributes.phoneNumber()), entry.getAttributeValue(attributes.locale()),
				isEnabled(directory, entry), timeOf(entry, "createTimestamp"), timeOf(entry, "modifyTimestamp")));
	}

	/**
	 * The value of OpenLDAP ppolicy's {@code pwdAccountLockedTime} that locks an account
	 * until an administrator removes it, as {@code slapo-ppolicy(5)} defines it: how a
	 * directory administrator disables an account there.
	 */
	static final String LOCKED_FOR_GOOD = "000001010000Z";

	/** Active Directory's ACCOUNTDISABLE flag of {@code userAccountControl}. */
	static final int ACCOUNT_DISABLE = 0x2;

	private static final String USER_ACCOUNT_CONTROL = "userAccountControl";

	private static final String PWD_ACCOUNT_LOCKED_TIME = "pwdAccountLockedTime";

	/** The password policy overlay's mark of a password that must be changed. */
	private static final String PWD_RESET = "pwdReset";

	/**
	 * The attribute that says whether an account is disabled: Active Directory's
	 * {@code userAccountControl} in its mode, ppolicy's operational
	 * {@code pwdAccountLockedTime} otherwise (which a search returns only when asked).
	 */
	private static String statusAttribute(LdapProperties.Directory directory) {
		return (directory.passwordWriteMode() == PasswordWriteMode.ACTIVE_DIRECTORY) ? USER_ACCOUNT_CONTROL
				: PWD_ACCOUNT_LOCKED_TIME;
	}

	static boolean isEnabled(LdapProperties.Directory directory, SearchResultEntry entry) {
		if (directory.passwordWriteMode() == PasswordWriteMode.ACTIVE_DIRECTORY) {
			return (userAccountControl(entry) & ACCOUNT_DISABLE) == 0;
		}
		// A lock after failed binds carries its time and lapses: a lockout, not a
		// disabled account.
		return !LOCKED_FOR_GOOD.equals(entry.getAttributeValue(PWD_ACCOUNT_LOCKED_TIME));
	}

	private static int userAccountControl(com.unboundid.ldap.sdk.Entry entry) {
		String value = entry.getAttributeValue(USER_ACCOUNT_CONTROL);
		try {
			return (value != null) ? Integer.parseInt(value.trim()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/** The mapped attributes, the account's status, and the entry's times if asked. */
	private static String[] wanted(LdapProperties.Directory directory, boolean times) {
		List<String> wanted = new ArrayList<>(Arrays.asList(directory.attributes().all()));
		wanted.add(statusAttribute(directory));
		if (times) {
			wanted.add("createTimestamp");
			wanted.add("modifyTimestamp");
		}
		return wanted.toArray(String[]::new);
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

	/**
	 * Entries read per round trip while a listing collects every user's name and id (RFC
	 * 2696 paged results).
	 */
	private static final int LISTING_PAGE = 500;

	/**
	 * How long the names and ids a listing's first page read serve its next pages: paging
	 * through a large directory then reads it once, not once per page.
	 */
	private static final Duration LISTING_REUSE = Duration.ofSeconds(60);

	/**
	 * Up to {@code count} users, in the order of their user names compared without regard
	 * to case (and of their ids among equal names), after the user at
	 * {@code afterUserName} and {@code afterId}, or from the first. A directory keeps no
	 * order of its own between requests (a paged-results cookie belongs to one
	 * connection, and server-side sorting is an extension few servers enable), so the
	 * first page reads every user's name and id under the store's filter, 500 entries per
	 * round trip, and sorts them here; the next pages, asked for within
	 * {@link #LISTING_REUSE}, take their place in that reading, so a listing sees the
	 * directory as it was when it began (a user added since comes in the next listing).
	 * Each page's users are then read in full with one more search; a user deleted since
	 * the first page is left out and the next one taken, so that only the last page is
	 * short. A position whose user is gone still works: the page starts after where it
	 * would be.
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public List<DirectoryUser> listUsers(String storeName, @Nullable String afterUserName, @Nullable UUID afterId,
			int count) {
		LdapProperties.Directory directory = directory(storeName);
		long staleBefore = System.nanoTime() - LISTING_REUSE.toNanos();
		Listing listing = (afterUserName != null) ? this.listings.get(storeName) : null;
		if (listing == null || listing.readAt() < staleBefore) {
			List<Listed> all = listEveryone(storeName, directory);
			all.sort(LISTING_ORDER);
			listing = new Listing(Collections.unmodifiableList(all), System.nanoTime());
			// A large directory's reading is megabytes: none outlives its use.
			this.listings.values().removeIf((old) -> old.readAt() < staleBefore);
			this.listings.put(storeName, listing);
		}
		int from = 0;
		if (afterUserName != null) {
			Listed after = new Listed(listingKey(afterUserName),
					(afterId != null) ? afterId : new UUID(Long.MIN_VALUE, 0));
			int found = Collections.binarySearch(listing.users(), after, LISTING_ORDER);
			from = (found >= 0) ? found + 1 : -(found + 1);
		}
		List<DirectoryUser> page = new ArrayList<>();
		while (page.size() < count && from < listing.users().size()) {
			int to = Math.min(from + count - page.size(), listing.users().size());
			page.addAll(readInFull(storeName, directory,
					listing.users().subList(from, to).stream().map(Listed::id).toList()));
			from = to;
		}
		return page;
	}

	/**
	 * The user with this stable identifier as DescribeUser shows it: with the entry's
	 * creation and modification times.
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public Optional<DirectoryUser> describe(String storeName, UUID id) {
		return readInFull(storeName, directory(storeName), List.of(id)).stream().findFirst();
	}

	/**
	 * The users with this address among the values of the mapped email attribute,
	 * compared under that attribute's own matching rule (case-insensitive for
	 * {@code mail}); at most {@code limit} of them, in user-name order.
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public List<DirectoryUser> findByEmail(String storeName, String email, int limit) {
		LdapProperties.Directory directory = directory(storeName);
		LdapProperties.Attributes attributes = directory.attributes();
		List<SearchResultEntry> entries;
		try {
			SearchRequest request = new SearchRequest(directory.userBase(), SearchScope.SUB,
					Filter.createANDFilter(Filter.create(directory.userFilter()),
							Filter.createEqualityFilter(attributes.email(), email)),
					wanted(directory, false));
			request.setSizeLimit(limit);
			LDAPConnectionPool pool = pool(storeName, directory);
			try {
				entries = pool.search(request).getSearchEntries();
			}
			catch (LDAPSearchException ex) {
				if (ex.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
					throw ex;
				}
				// More share the address than we serve; the first ones found are enough.
				entries = ex.getSearchEntries();
			}
			count(directory, "search", "success");
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				return List.of();
			}
			throw unavailable(storeName, directory, "search", ex.getResultCode());
		}
		return entries.stream()
			.map((entry) -> toUser(directory, entry))
			.flatMap(Optional::stream)
			.sorted(Comparator.comparing((DirectoryUser user) -> listingKey(user.userName()))
				.thenComparing(DirectoryUser::id))
			.toList();
	}

	/**
	 * Whether this is the password of the user whose entry has this DN (as the directory
	 * returned it), by a simple bind as that entry on one of the pool's connections,
	 * which then binds as the service again. The directory decides, under its own policy:
	 * a locked or disabled account does not bind either. A password the directory takes
	 * as right but requires to be changed first is
	 * {@link PasswordCheck#RIGHT_MUST_CHANGE}: the password policy response control says
	 * so on OpenLDAP and OUD, and Active Directory's refusal says so in its diagnostic's
	 * {@code data} code, the one part of it that is read (as Spring Security's Active
	 * Directory provider does). An empty password never matches, since LDAP would take it
	 * for an unauthenticated bind (RFC 4513), which succeeds without checking anything.
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public PasswordCheck checkPassword(String storeName, String userDn, String password) {
		if (password.isEmpty()) {
			return PasswordCheck.WRONG;
		}
		LdapProperties.Directory directory = directory(storeName);
		LDAPResult result;
		try {
			result = pool(storeName, directory).bindAndRevertAuthentication(userDn, password,
					new DraftBeheraLDAPPasswordPolicy10RequestControl());
		}
		catch (LDAPException ex) {
			result = ex.toLDAPResult();
		}
		PasswordCheck check = passwordCheck(result,
				directory.passwordWriteMode() == PasswordWriteMode.ACTIVE_DIRECTORY);
		if (check == null) {
			throw unavailable(storeName, directory, "bind", result.getResultCode());
		}
		count(directory, "bind", (check == PasswordCheck.WRONG) ? "refused" : "success");
		return check;
	}

	/**
	 * The bind a password of a user the store does not have gets: as an entry under the
	 * store's user base that is not there, which the directory refuses as it refuses a
	 * wrong password, so that the sign-in of an unknown user takes the time and leaves
	 * the traces a wrong password does.
	 * @throws DirectoryUnavailableException if the directory cannot be reached
	 */
	public void checkPasswordOfNobody(String storeName, String password) {
		String nobody = new RDN("cn", UUID.randomUUID().toString()).toString() + "," + directory(storeName).userBase();
		checkPassword(storeName, nobody, password);
	}

	/** What a bind's answer says of the password, or null when it was no answer to it. */
	static @Nullable PasswordCheck passwordCheck(LDAPResult result, boolean activeDirectory) {
		DraftBeheraLDAPPasswordPolicy10ErrorType policy = policyError(result);
		if (result.getResultCode() == ResultCode.SUCCESS) {
			return (policy == DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET)
					? PasswordCheck.RIGHT_MUST_CHANGE : PasswordCheck.RIGHT;
		}
		if (result.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
			boolean mustChange = (policy == DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED)
					|| (activeDirectory && activeDirectoryMustChange(result.getDiagnosticMessage()));
			return mustChange ? PasswordCheck.RIGHT_MUST_CHANGE : PasswordCheck.WRONG;
		}
		return null;
	}

	/**
	 * Active Directory's bind refusals name their reason in a {@code data} code:
	 * {@code 773} the password must be changed (an administrator's reset with
	 * {@code pwdLastSet=0}), {@code 532} it has expired. Both come only with the right
	 * password; a wrong one is {@code 52e}.
	 */
	static boolean activeDirectoryMustChange(@Nullable String diagnostic) {
		if (diagnostic == null) {
			return false;
		}
		Matcher data = BIND_DATA.matcher(diagnostic);
		return data.find() && (data.group(1).equalsIgnoreCase("773") || data.group(1).equalsIgnoreCase("532"));
	}

	/** The names of the stores whose directories are configured. */
	public Set<String> storeNames() {
		return this.properties.stores().keySet();
	}

	/**
	 * What keeps the store's directory from serving, or empty when it answers: the
	 * service's bind and a read of the user base. The answer is the result code's name
	 * ("connect error", "invalid credentials"), never the directory's own text.
	 */
	public Optional<String> problem(String storeName) {
		LdapProperties.Directory directory = directory(storeName);
		try {
			pool(storeName, directory).search(new SearchRequest(directory.userBase(), SearchScope.BASE,
					Filter.createPresenceFilter("objectClass"), SearchRequest.NO_ATTRIBUTES));
			return Optional.empty();
		}
		catch (LDAPException ex) {
			return Optional.of(ex.getResultCode().getName());
		}
	}

	/** Every user's name and id under the store's filter, on one connection. */
	private List<Listed> listEveryone(String storeName, LdapProperties.Directory directory) {
		LdapProperties.Attributes attributes = directory.attributes();
		List<Listed> all = new ArrayList<>();
		try {
			LDAPConnectionPool pool = pool(storeName, directory);
			// Paged results continue on the connection that began them.
			LDAPConnection connection = pool.getConnection();
			try {
				ASN1OctetString cookie = null;
				do {
					SearchRequest request = new SearchRequest(directory.userBase(), SearchScope.SUB,
							Filter.create(directory.userFilter()), attributes.userName(), attributes.id());
					request.addControl(new SimplePagedResultsControl(LISTING_PAGE, cookie));
					SearchResult result;
					try {
						result = connection.search(request);
					}
					catch (LDAPSearchException ex) {
						if (ex.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
							throw ex;
						}
						// A directory that neither pages nor lets the service see more.
						logger.warn("The directory of store {} lists only {} users to the service (its size limit)",
								storeName, all.size() + ex.getEntryCount());
						result = ex.getSearchResult();
					}
					for (SearchResultEntry entry : result.getSearchEntries()) {
						String userName = entry.getAttributeValue(attributes.userName());
						UUID id = idOf(attributes.id(), entry);
						if (userName != null && id != null) {
							all.add(new Listed(listingKey(userName), id));
						}
					}
					SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
					cookie = (paged != null && paged.moreResultsToReturn()) ? paged.getCookie() : null;
				}
				while (cookie != null);
				pool.releaseConnection(connection);
			}
			catch (LDAPException ex) {
				pool.releaseConnectionAfterException(connection, ex);
				throw ex;
			}
			count(directory, "search", "success");
			return all;
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
				return all;
			}
			throw unavailable(storeName, directory, "search", ex.getResultCode());
		}
	}

	/**
	 * The users with these ids, in the order given, read through the mapping with the
	 * entry's times; one search.
	 */
	private List<DirectoryUser> readInFull(String storeName, LdapProperties.Directory directory, List<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		LdapProperties.Attributes attributes = directory.attributes();
		Filter anyOf = Filter
			.createORFilter(ids.stream().map((id) -> idFilter(attributes.id(), id)).toArray(Filter[]::new));
		Map<UUID, DirectoryUser> found = new HashMap<>();
		try {
			SearchResult result = pool(storeName, directory)
				.search(new SearchRequest(directory.userBase(), SearchScope.SUB,
						Filter.createANDFilter(Filter.create(directory.userFilter()), anyOf), wanted(directory, true)));
			count(directory, "search", "success");
			for (SearchResultEntry entry : result.getSearchEntries()) {
				toUser(directory, entry).ifPresent((user) -> found.put(user.id(), user));
			}
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
				throw unavailable(storeName, directory, "search", ex.getResultCode());
			}
		}
		// A user removed between the two searches is left out.
		return ids.stream().map(found::get).filter((user) -> user != null).toList();
	}

	private static Filter idFilter(String attribute, UUID id) {
		return isObjectGuid(attribute) ? Filter.createEqualityFilter(attribute, objectGuidBytes(id))
				: Filter.createEqualityFilter(attribute, id.toString());
	}

	private static @Nullable Instant timeOf(SearchResultEntry entry, String attribute) {
		String value = entry.getAttributeValue(attribute);
		try {
			return (value != null) ? StaticUtils.decodeGeneralizedTime(value).toInstant() : null;
		}
		catch (ParseException ex) {
			return null;
		}
	}

	/** The order of a listing: user names compared without regard to case. */
	static String listingKey(String userName) {
		return userName.toLowerCase(Locale.ROOT);
	}

	/** A user's place in a listing. */
	private record Listed(String key, UUID id) {
	}

	private static final Comparator<Listed> LISTING_ORDER = Comparator.comparing(Listed::key).thenComparing(Listed::id);

	/** A store's users in listing order, as a listing's first page read them. */
	private record Listing(List<Listed> users, long readAt) {
	}

	@Override
	public void destroy() {
		this.pools.values().forEach(LDAPConnectionPool::close);
	}

}
