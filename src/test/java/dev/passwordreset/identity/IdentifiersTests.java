package dev.passwordreset.identity;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The normal forms of identifiers: spellings a person cannot tell apart compare equal,
 * look the same by skeleton, or are refused.
 */
class IdentifiersTests {

	@Test
	void userNamesThatPrecisMapsToOneFormShareOneKey() {
		assertThat(Identifiers.userNameKey("\uFF41\uFF4C\uFF49\uFF43\uFF45")).as("full-width").isEqualTo("alice");
		assertThat(Identifiers.userNameKey("ALICE")).as("upper case").isEqualTo("alice");
		assertThat(Identifiers.userNameKey("\u212Aim")).as("Kelvin sign").isEqualTo("kim");
		assertThat(Identifiers.userNameKey("e\u0301mile")).as("combining acute")
			.isEqualTo(Identifiers.userNameKey("\u00E9mile"))
			.isEqualTo("\u00E9mile");
	}

	@Test
	void theStoredFormKeepsCaseButMapsWidthAndComposition() {
		assertThat(Identifiers.userName("\uFF21lice")).isEqualTo("Alice");
		assertThat(Identifiers.userName("E\u0301mile")).isEqualTo("\u00C9mile");
		assertThat(Identifiers.userName("grace.hopper")).isEqualTo("grace.hopper");
	}

	@Test
	void userNamesWithCodePointsThePrecisProfileDisallowsAreRefusedWithoutEchoingThem() {
		for (String refused : List.of("\uFB01ona", "\u017Fam", "a b", "x\u0000y", "a\u200Db", "\u01C5emal", "tab\tbed",
				"\u0627a")) {
			IdentityException ex = catchThrowableOfType(IdentityException.class,
					() -> Identifiers.userNameKey(refused));
			assertThat(ex).as(refused).isNotNull();
			assertThat(ex.error()).isEqualTo(IdentityError.INVALID_ATTRIBUTE);
			assertThat(ex.attribute()).isEqualTo("user_name");
			assertThat(ex.rule()).doesNotContain(refused).contains("RFC 8265");
			assertThat(Identifiers.userNameLookupKey(refused)).as("a refused name is nobody's").isEmpty();
		}
	}

	@Test
	void lookAlikeKeysShareASkeletonAndDifferentNamesDoNot() {
		String alice = Identifiers.skeletonDigest("alice");
		assertThat(Identifiers.skeletonDigest(Identifiers.userNameKey("\u0430lice"))).as("Cyrillic a").isEqualTo(alice);
		assertThat(Identifiers.skeletonDigest(Identifiers.userNameKey("al\u0131ce"))).as("dotless i").isEqualTo(alice);
		assertThat(Identifiers.skeletonDigest(Identifiers.userNameKey("\u0391LICE"))).as("Greek capital alpha")
			.isEqualTo(alice);
		assertThat(Identifiers.skeletonDigest("paypal")).isEqualTo(Identifiers.skeletonDigest("p\u0430yp\u0430l"));
		assertThat(Identifiers.skeletonDigest("bob")).isNotEqualTo(alice);
		assertThat(Identifiers.skeletonDigest("alice2")).isNotEqualTo(alice);
		assertThat(alice).hasSize(64).matches("[0-9a-f]{64}");
	}

	@Test
	void emailAddressesCompareUnderCaseFoldingWidthAndIdna() {
		String key = Identifiers.emailKey("alice@example.com");
		assertThat(Identifiers.emailKey("ALICE@Example.COM")).isEqualTo(key);
		assertThat(Identifiers.emailKey("\uFF21\uFF2C\uFF29\uFF23\uFF25@\uFF45xample.com")).isEqualTo(key);
		assertThat(Identifiers.emailKey("bob@B\u00FCcher.example"))
			.isEqualTo(Identifiers.emailKey("BOB@xn--bcher-kva.example"))
			.isEqualTo("bob@xn--bcher-kva.example");
		assertThat(Identifiers.emailKey("alice@example.org")).isNotEqualTo(key);
		assertThat(Identifiers.emailKey("x@fa\u00DF.de")).as("IDNA2008 keeps sharp s: another domain")
			.isNotEqualTo(Identifiers.emailKey("x@fass.de"));
		assertThat(Identifiers.emailKeyDigest("Alice@Example.com"))
			.isEqualTo(Identifiers.emailKeyDigest("alice@example.com"))
			.hasSize(64);
	}

	@Test
	void theStoredEmailKeepsItsLocalPartAndLowerCasesItsDomain() {
		assertThat(Identifiers.emailAddress("Alice.Liddell@Example.COM")).isEqualTo("Alice.Liddell@example.com");
		assertThat(Identifiers.emailAddress("Bob@\uFF25XAMPLE.com")).isEqualTo("Bob@example.com");
		assertThat(Identifiers.emailAddress("not-an-address")).isEqualTo("not-an-address");
		assertThat(Identifiers.emailAddress("x@FA\u00DF.de")).isEqualTo("x@fa\u00DF.de");
	}

	@Test
	void groupNamesFollowTheNicknameProfile() {
		assertThat(Identifiers.groupName("  Sales   Team ")).isEqualTo("Sales Team");
		assertThat(Identifiers.groupNameKey("SALES team")).isEqualTo(Identifiers.groupNameKey("Sales Team"));
		assertThat(Identifiers.groupNameKey("\uFF33ales \uFB01nance")).isEqualTo("sales finance");
		for (String refused : List.of("ops\u0007", "\u0007ops", "o\u0000ps", "a\u200Db", "   ")) {
			IdentityException ex = catchThrowableOfType(IdentityException.class, () -> Identifiers.groupName(refused));
			assertThat(ex).as(refused).isNotNull();
			assertThat(ex.error()).isEqualTo(IdentityError.INVALID_ATTRIBUTE);
			assertThat(ex.attribute()).isEqualTo("group name");
		}
	}

}
