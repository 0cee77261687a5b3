package dev.passwordreset.identity;

import org.jspecify.annotations.Nullable;

/**
 * Refusal of an identity operation: a reason, {@link #error()}, and the structured facts
 * a face needs to explain it in its own words. The facts are API terms (an attribute's
 * name), the core's own rule texts, ids the service issued and limits; never a value the
 * caller sent that was refused. Faces build their texts from these, not from
 * {@link #getMessage()}, which is for logs only.
 */
public class IdentityException extends RuntimeException {

	private final IdentityError error;

	private final @Nullable String attribute;

	private final @Nullable String rule;

	private final @Nullable String id;

	private final @Nullable Long limit;

	private final @Nullable Clash clash;

	private IdentityException(IdentityError error, @Nullable String attribute, @Nullable String rule,
			@Nullable String id, @Nullable Long limit, @Nullable Clash clash) {
		super(error.name(), null, false, false);
		this.error = error;
		this.attribute = attribute;
		this.rule = rule;
		this.id = id;
		this.limit = limit;
		this.clash = clash;
	}

	/** A refusal that needs no facts beyond its reason. */
	public static IdentityException of(IdentityError error) {
		return new IdentityException(error, null, null, null, null, null);
	}

	/**
	 * Something the reason names does not exist.
	 * @param id the id looked up, only when it is plainly an id of this service's form,
	 * or null
	 */
	public static IdentityException notFound(IdentityError error, @Nullable Object id) {
		return new IdentityException(error, null, null, (id != null) ? id.toString() : null, null, null);
	}

	/** Nothing has the value the caller gave for this attribute. */
	public static IdentityException notFoundBy(IdentityError error, String attribute) {
		return new IdentityException(error, attribute, null, null, null, null);
	}

	/**
	 * A value breaks a rule of the data model.
	 * @param attribute the attribute, as the API names it
	 * @param rule what the value must be, in words that never quote it ("must be at most
	 * 64 characters")
	 */
	public static IdentityException invalid(String attribute, String rule) {
		return new IdentityException(IdentityError.INVALID_ATTRIBUTE, attribute, rule, null, null, null);
	}

	/**
	 * A rule over several values of a record, stated whole ("at most one email may be
	 * primary").
	 */
	public static IdentityException invalid(String rule) {
		return new IdentityException(IdentityError.INVALID_ATTRIBUTE, null, rule, null, null, null);
	}

	/**
	 * Another entity already has this attribute's value, or one a reader would confuse
	 * with it.
	 */
	public static IdentityException duplicate(IdentityError error, String attribute, Clash clash) {
		return new IdentityException(error, attribute, null, null, null, clash);
	}

	/** An entity already stands in the relation the caller asked for. */
	public static IdentityException already(IdentityError error, @Nullable Object id) {
		return new IdentityException(error, null, null, (id != null) ? id.toString() : null, null, null);
	}

	/**
	 * The identity store holds as many of these entities as its quota allows.
	 * @param entities what is counted, as the API names it ("users", "groups")
	 */
	public static IdentityException quotaExceeded(Object identityStoreId, String entities, long quota) {
		return new IdentityException(IdentityError.QUOTA_EXCEEDED, entities, null, identityStoreId.toString(), quota,
				null);
	}

	/**
	 * The store keeps its users in an LDAP directory, which this service does not write.
	 */
	public static IdentityException readOnlyStore(Object identityStoreId) {
		return new IdentityException(IdentityError.READ_ONLY_STORE, null, null, identityStoreId.toString(), null, null);
	}

	public IdentityError error() {
		return this.error;
	}

	/** The attribute at fault, looked up, clashing or counted, as the API names it. */
	public @Nullable String attribute() {
		return this.attribute;
	}

	/** The rule an invalid value breaks, never quoting the value. */
	public @Nullable String rule() {
		return this.rule;
	}

	/** The id this refusal is about, when it is an id of this service's own form. */
	public @Nullable String id() {
		return this.id;
	}

	/** The quota reached. */
	public @Nullable Long limit() {
		return this.limit;
	}

	/** How a duplicate clashes with what exists. */
	public @Nullable Clash clash() {
		return this.clash;
	}

	/** How a new name clashes with one that exists. */
	public enum Clash {

		/** The same value, as the store compares them. */
		SAME,

		/** A value a reader would confuse with it (look-alike characters). */
		CONFUSABLE,

		/** The store's unique index refused it: one or the other, found at insert. */
		SAME_OR_CONFUSABLE

	}

}
