package dev.passwordreset.api.oam;

import dev.passwordreset.identity.DistinguishedName;
import dev.passwordreset.reset.UserReference;
import org.jspecify.annotations.Nullable;

/**
 * OAM's {@code userdetails}: {@code systemTenant::UserDN::IDSTOREREF::UserID}, for
 * example {@code systemTenant::cn=normal,ou=users,dc=ngam,dc=oracle,dc=com::oud::normal}.
 * Exactly four parts; the tenant is always {@code systemTenant}; the DN is an RFC 4514
 * name, compared with the stored one in normalized form; IDSTOREREF is the identity
 * store's name.
 */
final class UserDetails {

	static final String TENANT = "systemTenant";

	static final String FORMAT = "userdetails must be systemTenant::UserDN::IDSTOREREF::UserID";

	/**
	 * Generous for a DN of 1024 characters, a store name and a user name; longer input is
	 * refused unread.
	 */
	static final int MAX_LENGTH = 1400;

	private UserDetails() {
	}

	/**
	 * @throws OamException (malformed request) for anything but four well-formed parts
	 */
	static UserReference parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw OamException.malformed(FORMAT);
		}
		String[] parts = text.split("::", -1);
		if (parts.length != 4 || !TENANT.equals(parts[0])) {
			throw OamException.malformed(FORMAT);
		}
		DistinguishedName dn = DistinguishedName.parse(parts[1])
			.orElseThrow(() -> OamException.malformed(FORMAT + "; UserDN must be an RFC 4514 distinguished name"));
		return reference(parts[2], parts[3], dn, FORMAT);
	}

	/** A user named by its parts, each checked as the rest of the face checks them. */
	static UserReference reference(String store, String userName, @Nullable DistinguishedName dn, String problem) {
		if (!OamRequests.isName(store, OamRequests.MAX_STORE_NAME)
				|| !OamRequests.isName(userName, OamRequests.MAX_USER_NAME)) {
			throw OamException.malformed(problem);
		}
		return new UserReference(store, userName, dn);
	}

}
