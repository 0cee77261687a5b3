package dev.passwordreset.ldap;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * Whether a store's user base and filter would find an entry before it is added, judged
 * here from the entry as this service writes it. A filter may test what only the
 * directory knows: an attribute it sets itself (AD's {@code objectCategory}, the
 * {@code entryUUID}), an object class the entry gets by inheritance, a matching rule this
 * side cannot apply. Such a test is unknown, and the filter is evaluated in three values
 * (RFC 4511 4.5.1.7's Undefined): NO only when the answer does not depend on any unknown,
 * so that an entry is never refused that the directory would have found.
 */
final class StoreFilter {

	enum Verdict {

		YES, NO, UNKNOWN

	}

	private StoreFilter() {
	}

	/**
	 * @param controlled the attributes whose values this service decides in full, present
	 * in the entry or not (lower case): a filter's test of one of them is decided here
	 */
	static Verdict wouldFind(LdapProperties.Directory directory, String dn, List<Attribute> attributes,
			Set<String> controlled) {
		try {
			if (!new DN(dn).isDescendantOf(new DN(directory.userBase()), false)) {
				return Verdict.NO;
			}
			Filter filter = Filter.create(directory.userFilter());
			Entry entry = new Entry(dn, attributes);
			return evaluate(filter, entry, controlled);
		}
		catch (LDAPException ex) {
			// A name or filter this side cannot parse: the directory decides.
			return Verdict.UNKNOWN;
		}
	}

	private static Verdict evaluate(Filter filter, Entry entry, Set<String> written) {
		switch (filter.getFilterType()) {
			case Filter.FILTER_TYPE_AND: {
				Verdict all = Verdict.YES;
				for (Filter component : filter.getComponents()) {
					Verdict verdict = evaluate(component, entry, written);
					if (verdict == Verdict.NO) {
						return Verdict.NO;
					}
					if (verdict == Verdict.UNKNOWN) {
						all = Verdict.UNKNOWN;
					}
				}
				return all;
			}
			case Filter.FILTER_TYPE_OR: {
				Verdict any = Verdict.NO;
				for (Filter component : filter.getComponents()) {
					Verdict verdict = evaluate(component, entry, written);
					if (verdict == Verdict.YES) {
						return Verdict.YES;
					}
					if (verdict == Verdict.UNKNOWN) {
						any = Verdict.UNKNOWN;
					}
				}
				return any;
			}
			case Filter.FILTER_TYPE_NOT: {
				Verdict verdict = evaluate(filter.getNOTComponent(), entry, written);
				return (verdict == Verdict.YES) ? Verdict.NO : (verdict == Verdict.NO) ? Verdict.YES : Verdict.UNKNOWN;
			}
			default:
				return leaf(filter, entry, written);
		}
	}

	private static Verdict leaf(Filter filter, Entry entry, Set<String> written) {
		String attribute = filter.getAttributeName();
		if (attribute == null || !written.contains(Attribute.getBaseName(attribute).toLowerCase(Locale.ROOT))) {
			// An attribute the directory sets, or none named (an extensible match).
			return Verdict.UNKNOWN;
		}
		boolean matches;
		try {
			matches = filter.matchesEntry(entry);
		}
		catch (LDAPException ex) {
			// Approximate and extensible matches are the directory's to apply.
			return Verdict.UNKNOWN;
		}
		if (matches) {
			return Verdict.YES;
		}
		// The directory matches an object class's superclasses too, which the entry
		// need not list.
		return attribute.equalsIgnoreCase("objectClass") ? Verdict.UNKNOWN : Verdict.NO;
	}

}
