package dev.passwordreset.ldap;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The directories of the LDAP identity stores ({@code reset.ldap.stores.<store name>.*}),
 * keyed by the store's name (OAM's IDSTOREREF). Connections and the service's bind secret
 * come from configuration or the environment only: the API names a store's kind, never
 * its connection, and nothing returns the secret.
 *
 * @param stores each LDAP store's directory, by store name (compared without regard to
 * case)
 */
@Validated
@ConfigurationProperties("reset.ldap")
public record LdapProperties(@NotNull @DefaultValue Map<String, @Valid @NotNull Directory> stores) {

	public LdapProperties {
		stores = Map.copyOf(stores);
	}

	/** The directory configured for the store with this name, if any. */
	public Optional<Directory> forStore(String storeName) {
		return this.stores.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(storeName))
			.map(Map.Entry::getValue)
			.findFirst();
	}

	/**
	 * One directory.
	 *
	 * @param url {@code ldap://host:port} or {@code ldaps://host:port}
	 * @param startTls whether to protect an {@code ldap://} connection with StartTLS
	 * before binding; false by default
	 * @param trustStore a PKCS#12 or JKS file of the certificates to trust; the JVM's
	 * trust store when absent. The host name is checked either way
	 * @param trustStorePassword the trust store's password, if it has one
	 * @param bindDn the service account the service binds as
	 * @param bindPassword its password; never logged or returned
	 * @param userBase where users are searched, the whole subtree
	 * @param userFilter what else a user entry must match; {@code (objectClass=person)}
	 * by default
	 * @param attributes which attributes hold what
	 * @param passwordWriteMode how a new password is written; {@code password-modify}
	 * (RFC 3062) by default
	 * @param allowUnprotectedPasswordWrites whether a password may travel over a plain
	 * {@code ldap://} connection without StartTLS; false by default, and only ever for a
	 * directory on the loopback interface or a test
	 * @param connectTimeout how long to wait for a connection; 5 seconds by default
	 * @param responseTimeout how long to wait for any answer; 10 seconds by default
	 * @param poolSize connections kept to the directory at most, 1 to 64; 4 by default
	 * @param writable whether CreateUser and DeleteUser add and delete the directory's
	 * entries; false by default, when user management refuses the store as read-only
	 * @param entry what a new entry is made of, on a writable store
	 */
	public record Directory(
			@NotNull @Pattern(regexp = "ldaps?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?/?",
					message = "must be ldap://host:port or ldaps://host:port") String url,
			@DefaultValue("false") boolean startTls, @Nullable String trustStore, @Nullable String trustStorePassword,
			@NotBlank String bindDn, @NotBlank String bindPassword, @NotBlank String userBase,
			@NotBlank @DefaultValue("(objectClass=person)") String userFilter,
			@NotNull @Valid @DefaultValue Attributes attributes,
			@NotNull @DefaultValue("password-modify") PasswordWriteMode passwordWriteMode,
			@DefaultValue("false") boolean allowUnprotectedPasswordWrites,
			@NotNull @DefaultValue("5s") @DurationMin(millis = 100) @DurationMax(minutes = 1) Duration connectTimeout,
			@NotNull @DefaultValue("10s") @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration responseTimeout,
			@DefaultValue("4") @Min(1) @Max(64) int poolSize, @DefaultValue("false") boolean writable,
			@NotNull @Valid @DefaultValue NewEntry entry) {

		boolean isLdaps() {
			return this.url.toLowerCase(Locale.ROOT).startsWith("ldaps:");
		}

		/** The connection is encrypted before anything secret is sent. */
		boolean isProtected() {
			return isLdaps() || this.startTls;
		}

		@AssertTrue(message = "Active Directory takes a new password over ldaps:// only")
		boolean isActiveDirectoryOverLdaps() {
			return this.passwordWriteMode != PasswordWriteMode.ACTIVE_DIRECTORY || isLdaps();
		}

		@AssertTrue(message = "a password must not travel unprotected: use ldaps://, start-tls, "
				+ "or allow-unprotected-password-writes for a loopback directory")
		boolean isPasswordProtected() {
			return isProtected() || this.allowUnprotectedPasswordWrites;
		}

		@AssertTrue(message = "StartTLS is for ldap:// only; ldaps:// is encrypted already")
		boolean isStartTlsOnPlainLdap() {
			return !this.startTls || !isLdaps();
		}

		@Override
		public String toString() {
			return "Directory[url=" + this.url + ", bindDn=" + this.bindDn + ", mode=" + this.passwordWriteMode + "]";
		}

	}

	/**
	 * What a new entry of a writable store is made of.
	 *
	 * @param objectClasses its object classes; OpenLDAP's {@code inetOrgPerson} chain by
	 * default, whose {@code person} requires {@code cn} and {@code sn}
	 * @param rdnAttribute the attribute that names the entry under its parent; {@code cn}
	 * by default, which {@code person} requires anyway and which is given the user name
	 * @param parentDn where new entries go; the user base when absent
	 */
	public record NewEntry(@NotNull @DefaultValue( {
			"inetOrgPerson", "organizationalPerson", "person", "top" }) List<@NotBlank String> objectClasses,
			@NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9-]*",
					message = "must be an attribute name") @DefaultValue("cn") String rdnAttribute,
			@Nullable String parentDn){

		public NewEntry {
			objectClasses = List.copyOf(objectClasses);
		}

		@AssertTrue(message = "must name at least one object class")
		boolean isObjectClassed() {
			return !this.objectClasses.isEmpty();
		}

	}

	/**
	 * The attribute mapping. Defaults fit OpenLDAP and Oracle Unified Directory
	 * ({@code inetOrgPerson}); Active Directory wants {@code sAMAccountName} and
	 * {@code objectGUID}.
	 *
	 * @param id the stable identifier: {@code entryUUID} (RFC 4530) or {@code objectGUID}
	 */
	public record Attributes(@NotBlank @DefaultValue("uid") String userName,
			@NotBlank @DefaultValue("entryUUID") String id, @NotBlank @DefaultValue("displayName") String displayName,
			@NotBlank @DefaultValue("givenName") String givenName, @NotBlank @DefaultValue("sn") String familyName,
			@NotBlank @DefaultValue("mail") String email, @NotBlank @DefaultValue("telephoneNumber") String phoneNumber,
			@NotBlank @DefaultValue("preferredLanguage") String locale) {

		String[] all() {
			return new String[] { this.userName, this.id, this.displayName, this.givenName, this.familyName, this.email,
					this.phoneNumber, this.locale };
		}

	}

}
