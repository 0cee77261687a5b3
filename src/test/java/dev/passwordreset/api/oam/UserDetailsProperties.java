package dev.passwordreset.api.oam;

import dev.passwordreset.reset.UserReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the {@code userdetails} parser and the choice of the user among path, query and
 * body: whatever arrives, the answer is a user or a malformed-request refusal, never
 * anything else.
 */
class UserDetailsProperties {

	@Property(tries = 1000)
	void anyTextIsAUserOrAMalformedRequest(@ForAll String text) {
		parsesOrRefuses(text);
	}

	@Property(tries = 1000)
	void textsShapedLikeUserdetailsAreAUserOrAMalformedRequest(@ForAll("userdetailsLike") String text) {
		parsesOrRefuses(text);
	}

	@Property(tries = 500)
	void wellFormedUserdetailsNameTheirStoreAndUser(@ForAll("names") String store, @ForAll("names") String user,
			@ForAll("distinguishedNames") String dn) {
		UserReference parsed = UserDetails.parse("systemTenant::" + dn + "::" + store + "::" + user);
		assertThat(parsed.identityStoreName()).isEqualTo(store);
		assertThat(parsed.userName()).isEqualTo(user);
		assertThat(parsed.distinguishedName()).isNotNull();
		assertThat(parsed.distinguishedName().sameAs(dn)).isTrue();
	}

	@Property(tries = 1000)
	void anyMixOfPathQueryAndBodyIsAUserOrAMalformedRequest(@ForAll("maybeText") @Nullable String pathUser,
			@ForAll("maybeText") @Nullable String pathStore, @ForAll("maybeText") @Nullable String userdetails,
			@ForAll("maybeText") @Nullable String dn, @ForAll("maybeText") @Nullable String idstoreref,
			@ForAll("maybeText") @Nullable String tenant, @ForAll("maybeText") @Nullable String userName,
			@ForAll boolean withBody) {
		OamRequests.UserDetailsBody body = withBody ? new OamRequests.UserDetailsBody(dn, idstoreref, tenant, userName)
				: null;
		try {
			OamRequests.identify(pathUser, pathStore, userdetails, body, "default");
		}
		catch (OamException ex) {
			assertThat(ex.result()).isEqualTo(OamResult.MALFORMED_REQUEST);
		}
	}

	@Provide
	Arbitrary<String> userdetailsLike() {
		Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
				Arbitraries.strings().withChars("=,+;\\\"<>#: cnoudcUSER0123\u0000\u00e9").ofMaxLength(40),
				Arbitraries.of("systemTenant", "cn=normal,ou=users,dc=ngam,dc=oracle,dc=com", "oud", "normal", "",
						"cn=a\\,b", "cn=", "=x", "cn=a+sn=b", "cn=\"q\"", "cn=#04024869"));
		return Combinators.combine(part, part, part, part, Arbitraries.integers().between(1, 6))
			.as((a, b, c, d, n) -> String.join("::", java.util.Arrays.copyOf(new String[] { a, b, c, d, a }, n)));
	}

	@Provide
	Arbitrary<String> names() {
		return Arbitraries.strings().alpha().numeric().withChars("._-@").ofMinLength(1).ofMaxLength(20);
	}

	@Provide
	Arbitrary<String> distinguishedNames() {
		Arbitrary<String> value = Arbitraries.strings()
			.alpha()
			.numeric()
			.withChars(" ,+=")
			.ofMinLength(1)
			.ofMaxLength(12)
			.map(UserDetailsProperties::escape);
		return Combinators
			.combine(Arbitraries.of("cn", "uid", "ou", "dc", "CN"), value,
					Arbitraries.of("ou=users,dc=example,dc=com", "dc=ngam,dc=oracle,dc=com"))
			.as((type, v, rest) -> type + "=" + v + "," + rest);
	}

	@Provide
	Arbitrary<@Nullable String> maybeText() {
		return Arbitraries
			.oneOf(Arbitraries.strings().ofMaxLength(20), userdetailsLike(),
					Arbitraries.of("systemTenant", "default", "x"))
			.injectNull(0.3);
	}

	private static void parsesOrRefuses(String text) {
		try {
			UserReference parsed = UserDetails.parse(text);
			assertThat(parsed.userName()).isNotBlank();
			assertThat(parsed.identityStoreName()).isNotBlank();
		}
		catch (OamException ex) {
			assertThat(ex.result()).isEqualTo(OamResult.MALFORMED_REQUEST);
			assertThat(ex.detail()).startsWith("userdetails must be");
		}
	}

	/**
	 * RFC 4514 escapes for the special characters a value may hold, and a leading or
	 * trailing space.
	 */
	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
			if (c == ',' || c == '+' || c == '=' || edgeSpace) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
