package dev.passwordreset.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import org.jspecify.annotations.Nullable;

/**
 * The rules every stored user satisfies, checked on create and on every update so that an
 * update cannot reach a state that create would refuse.
 */
final class UserAttributeRules {

	private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cc}]{1,64}@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{1,62}");

	private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8}){0,4}");

	/**
	 * Generous for 128 characters before NFC; longer input is refused by the pattern
	 * unread.
	 */
	private static final int MAX_USER_NAME_INPUT = 512;

	private static final int MAX_EMAILS = 10;

	private static final int MAX_PHONE_NUMBERS = 10;

	private static final int MAX_ADDRESSES = 10;

	private static final int MAX_EXTERNAL_IDS = 10;

	/**
	 * Line breaks are part of a written address (SCIM's own example has them); other
	 * controls are not.
	 */
	private static final Pattern ADDRESS_CONTROL = Pattern.compile("[\\p{Cc}&&[^\\r\\n]]");

	private UserAttributeRules() {
	}

	/**
	 * The attributes with the user name and email addresses in the forms they are stored
	 * in (see {@link Identifiers}). The user name is left alone when it is
	 * {@code storedUserName}, so a user whose name predates the PRECIS profile can still
	 * be updated otherwise; an empty or overlong one is left for {@link #check} to
	 * report. An email or phone number without a value, an address with no part and an
	 * enterprise with nothing set are dropped rather than refused: Huawei's Terraform
	 * provider sends them so whenever the attribute is unset.
	 * @throws IdentityException (invalid attribute) when the profile refuses a new user
	 * name
	 */
	static UserAttributes normalize(UserAttributes attributes, @Nullable String storedUserName) {
		String userName = attributes.userName();
		if (!userName.equals(storedUserName) && !userName.isEmpty() && userName.length() <= MAX_USER_NAME_INPUT) {
			userName = Identifiers.userName(userName);
		}
		List<EmailAddress> emails = attributes.emails()
			.stream()
			.filter((email) -> hasText(email.value()))
			.map((email) -> new EmailAddress(Identifiers.emailAddress(email.value()), email.type(), email.primary(),
					email.verified()))
			.toList();
		List<PhoneNumber> phoneNumbers = attributes.phoneNumbers()
			.stream()
			.filter((phone) -> hasText(phone.value()))
			.toList();
		List<PostalAddress> addresses = attributes.addresses()
			.stream()
			.filter((address) -> !address.isEmpty())
			.toList();
		Enterprise enterprise = attributes.enterprise().isEmpty() ? Enterprise.EMPTY : attributes.enterprise();
		return attributes.toBuilder()
			.userName(userName)
			.emails(emails)
			.phoneNumbers(phoneNumbers)
			.addresses(addresses)
			.enterprise(enterprise)
			.build();
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	static void check(UserAttributes attributes) {
		if (!USER_NAME.matcher(attributes.userName()).matches()) {
			throw invalid("user_name", "must be 1 to 128 letters, digits or the characters . _ @ + -");
		}
		text("display_name", attributes.displayName(), 256);
		PersonName name = attributes.name();
		text("name.family_name", name.familyName(), 128);
		text("name.given_name", name.givenName(), 128);
		text("name.middle_name", name.middleName(), 128);
		text("name.formatted", name.formatted(), 512);
		text("name.honorific_prefix", name.honorificPrefix(), 64);
		text("name.honorific_suffix", name.honorificSuffix(), 64);
		text("nickname", attributes.nickname(), 128);
		text("title", attributes.title(), 128);
		text("user_type", attributes.userType(), 64);
		languageTag("locale", attributes.locale());
		languageTag("preferred_language", attributes.preferredLanguage());
		timezone(attributes.timezone());
		emails(attributes.emails());
		phoneNumbers(attributes.phoneNumbers());
		distinguishedName(attributes.distinguishedName());
		addresses(attributes.addresses());
		enterprise(attributes.enterprise());
		profileUrl(attributes.profileUrl());
		externalIds(attributes.externalIds());
	}

	private static void text(String attribute, @Nullable String value, int maxLength) {
		if (value == null) {
			return;
		}
		if (value.length() > maxLength) {
			throw invalid(attribute, "must be at most " + maxLength + " characters");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw invalid(attribute, "must not contain control characters");
		}
	}

	private static void languageTag(String attribute, @Nullable String value) {
		if (value != null && (value.length() > 35 || !LANGUAGE_TAG.matcher(value).matches())) {
			throw invalid(attribute, "must be a language tag such as en-US or zh_CN");
		}
	}

	private static void timezone(@Nullable String value) {
		if (value == null) {
			return;
		}
		try {
			if (value.length() > 64) {
				throw new DateTimeException("too long");
			}
			ZoneId.of(value);
		}
		catch (DateTimeException ex) {
			throw invalid("timezone", "must be an IANA time zone such as Europe/Paris");
		}
	}

	/**
	 * The one test of an email address in the identity model, for users and accounts
	 * alike.
	 */
	static boolean isEmailAddress(@Nullable String value) {
		return value != null && value.length() <= 254 && EMAIL.matcher(value).matches();
	}

	private static void emails(List<EmailAddress> emails) {
		if (emails.size() > MAX_EMAILS) {
			throw invalid("a user has at most " + MAX_EMAILS + " emails");
		}
		for (EmailAddress email : emails) {
			if (!isEmailAddress(email.value())) {
				throw invalid("emails[].value", "must be an email address");
			}
			text("emails[].type", email.type(), 32);
		}
		if (emails.stream().filter(EmailAddress::primary).count() > 1) {
			throw invalid("at most one email may be primary");
		}
	}

	private static void phoneNumbers(List<PhoneNumber> phoneNumbers) {
		if (phoneNumbers.size() > MAX_PHONE_NUMBERS) {
			throw invalid("a user has at most " + MAX_PHONE_NUMBERS + " phone numbers");
		}
		for (PhoneNumber phone : phoneNumbers) {
			if (phone.value() == null || !PHONE.matcher(phone.value()).matches()) {
				throw invalid("phone_numbers[].value", "must be a phone number of digits, spaces and + ( ) . / -");
			}
			text("phone_numbers[].type", phone.type(), 32);
		}
		if (phoneNumbers.stream().filter(PhoneNumber::primary).count() > 1) {
			throw invalid("at most one phone number may be primary");
		}
	}

	private static void addresses(List<PostalAddress> addresses) {
		if (addresses.size() > MAX_ADDRESSES) {
			throw invalid("a user has at most " + MAX_ADDRESSES + " addresses");
		}
		for (PostalAddress address : addresses) {
			addressText("addresses[].street_address", address.streetAddress(), 1024);
			text("addresses[].locality", address.locality(), 256);
			text("addresses[].region", address.region(), 256);
			text("addresses[].postal_code", address.postalCode(), 32);
			text("addresses[].country", address.country(), 64);
			addressText("addresses[].formatted", address.formatted(), 1024);
			text("addresses[].type", address.type(), 32);
		}
		if (addresses.stream().filter(PostalAddress::primary).count() > 1) {
			throw invalid("at most one address may be primary");
		}
	}

	private static void addressText(String attribute, @Nullable String value, int maxLength) {
		if (value == null) {
			return;
		}
		if (value.length() > maxLength) {
			throw invalid(attribute, "must be at most " + maxLength + " characters");
		}
		if (ADDRESS_CONTROL.matcher(value).find()) {
			throw invalid(attribute, "must not contain control characters other than line breaks");
		}
	}

	private static void enterprise(Enterprise enterprise) {
		text("enterprise.employee_number", enterprise.employeeNumber(), 64);
		text("enterprise.cost_center", enterprise.costCenter(), 128);
		text("enterprise.organization", enterprise.organization(), 256);
		text("enterprise.division", enterprise.division(), 256);
		text("enterprise.department", enterprise.department(), 256);
		text("enterprise.manager.value", enterprise.manager(), 256);
	}

	/**
	 * An absolute http or https URL with a host: the profile URL is meant to be followed,
	 * so a {@code javascript:} or relative one is refused rather than stored for a page
	 * to link.
	 */
	private static void profileUrl(@Nullable String value) {
		if (value == null) {
			return;
		}
		text("profile_url", value, 1024);
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| uri.getHost() == null) {
				throw new URISyntaxException(value, "not an absolute http(s) URL");
			}
		}
		catch (URISyntaxException ex) {
			throw invalid("profile_url", "must be an absolute http or https URL");
		}
	}

	private static void externalIds(List<ExternalId> externalIds) {
		if (externalIds.size() > MAX_EXTERNAL_IDS) {
			throw invalid("a user has at most " + MAX_EXTERNAL_IDS + " external ids");
		}
		for (ExternalId externalId : externalIds) {
			if (!hasText(externalId.issuer()) || !hasText(externalId.id())) {
				throw invalid("external_ids[]", "must each have an id and an issuer");
			}
			text("external_ids[].issuer", externalId.issuer(), 256);
			text("external_ids[].id", externalId.id(), 256);
		}
		if (externalIds.stream().distinct().count() < externalIds.size()) {
			throw invalid("external_ids", "must not repeat an issuer's id");
		}
	}

	private static void distinguishedName(@Nullable String value) {
		if (value == null) {
			return;
		}
		text("distinguished_name", value, 1024);
		try {
			LdapName name = new LdapName(value);
			if (name.isEmpty()) {
				throw invalid("distinguished_name", "must not be empty");
			}
		}
		catch (InvalidNameException | IllegalArgumentException ex) {
			throw invalid("distinguished_name", "must be an RFC 4514 distinguished name");
		}
	}

	private static IdentityException invalid(String message) {
		return IdentityException.invalid(message);
	}

	private static IdentityException invalid(String attribute, String rule) {
		return IdentityException.invalid(attribute, rule);
	}

}
