package dev.passwordreset.ldap;

/**
 * The directory refused to add, change or delete a user's entry; {@link #reason()} says
 * why in terms a caller can act on, never in the directory's own words (its diagnostic
 * text may quote values).
 */
public class DirectoryEntryRefusedException extends RuntimeException {

	private final Reason reason;

	DirectoryEntryRefusedException(Reason reason) {
		super("the directory refused the entry: " + reason.name());
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Why a write of an entry was refused. */
	public enum Reason {

		/** An entry with that name exists already. */
		EXISTS,

		/**
		 * The entry breaks the directory's schema or a constraint: a required attribute
		 * missing, a value of the wrong syntax, an attribute the object classes do not
		 * allow.
		 */
		SCHEMA,

		/** The service account may not write there. */
		NOT_ALLOWED,

		/**
		 * The user's entry is no longer there: deleted, or moved, since it was found a
		 * moment before. The user is not found, as if the change had come a moment later.
		 */
		GONE,

		/**
		 * The entry would not be found under the store's user base and filter (the user
		 * name, or the store's entry settings, do not fit them), so the store could never
		 * find the user: nothing was added, or the entry was deleted again.
		 */
		OUTSIDE_FILTER

	}

}
