package dev.passwordreset.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Everything an administrator may set on a user. The password is deliberately absent:
 * only the reset flows set it.
 */
public record UserAttributes(String userName, @Nullable String displayName, PersonName name, @Nullable String nickname,
		List<EmailAddress> emails, List<PhoneNumber> phoneNumbers, @Nullable String locale,
		@Nullable String preferredLanguage, @Nullable String timezone, @Nullable String title,
		@Nullable String userType, boolean emailVerified, @Nullable String distinguishedName,
		List<PostalAddress> addresses, Enterprise enterprise, @Nullable String profileUrl,
		List<ExternalId> externalIds) {

	public UserAttributes {
		name = (name != null) ? name : PersonName.EMPTY;
		emails = List.copyOf(emails);
		phoneNumbers = List.copyOf(phoneNumbers);
		addresses = List.copyOf(addresses);
		enterprise = (enterprise != null) ? enterprise : Enterprise.EMPTY;
		externalIds = List.copyOf(externalIds);
	}

	public Optional<EmailAddress> primaryEmail() {
		return this.emails.stream().filter(EmailAddress::primary).findFirst();
	}

	public Optional<PhoneNumber> primaryPhoneNumber() {
		return this.phoneNumbers.stream().filter(PhoneNumber::primary).findFirst();
	}

	public static Builder builder(String userName) {
		return new Builder().userName(userName);
	}

	public Builder toBuilder() {
		return new Builder().userName(this.userName)
			.displayName(this.displayName)
			.name(this.name)
			.nickname(this.nickname)
			.emails(this.emails)
			.phoneNumbers(this.phoneNumbers)
			.locale(this.locale)
			.preferredLanguage(this.preferredLanguage)
			.timezone(this.timezone)
			.title(this.title)
			.userType(this.userType)
			.emailVerified(this.emailVerified)
			.distinguishedName(this.distinguishedName)
			.addresses(this.addresses)
			.enterprise(this.enterprise)
			.profileUrl(this.profileUrl)
			.externalIds(this.externalIds);
	}

	public static final class Builder {

		private @Nullable String userName;

		private @Nullable String displayName;

		private PersonName name = PersonName.EMPTY;

		private @Nullable String nickname;

		private List<EmailAddress> emails = new ArrayList<>();

		private List<PhoneNumber> phoneNumbers = new ArrayList<>();

		private @Nullable String locale;

		private @Nullable String preferredLanguage;

		private @Nullable String timezone;

		private @Nullable String title;

		private @Nullable String userType;

		private boolean emailVerified;

		private @Nullable String distinguishedName;

		private List<PostalAddress> addresses = new ArrayList<>();

		private Enterprise enterprise = Enterprise.EMPTY;

		private @Nullable String profileUrl;

		private List<ExternalId> externalIds = new ArrayList<>();

		private Builder() {
		}

		public Builder userName(@Nullable String userName) {
			this.userName = userName;
			return this;
		}

		public Builder displayName(@Nullable String displayName) {
			this.displayName = displayName;
			return this;
		}

		public Builder name(@Nullable PersonName name) {
			this.name = (name != null) ? name : PersonName.EMPTY;
			return this;
		}

		public Builder nickname(@Nullable String nickname) {
			this.nickname = nickname;
			return this;
		}

		public Builder emails(@Nullable List<EmailAddress> emails) {
			this.emails = (emails != null) ? emails : List.of();
			return this;
		}

		public Builder phoneNumbers(@Nullable List<PhoneNumber> phoneNumbers) {
			this.phoneNumbers = (phoneNumbers != null) ? phoneNumbers : List.of();
			return this;
		}

		public Builder locale(@Nullable String locale) {
			this.locale = locale;
			return this;
		}

		public Builder preferredLanguage(@Nullable String preferredLanguage) {
			this.preferredLanguage = preferredLanguage;
			return this;
		}

		public Builder timezone(@Nullable String timezone) {
			this.timezone = timezone;
			return this;
		}

		public Builder title(@Nullable String title) {
			this.title = title;
			return this;
		}

		public Builder userType(@Nullable String userType) {
			this.userType = userType;
			return this;
		}

		public Builder emailVerified(boolean emailVerified) {
			this.emailVerified = emailVerified;
			return this;
		}

		public Builder distinguishedName(@Nullable String distinguishedName) {
			this.distinguishedName = distinguishedName;
			return this;
		}

		public Builder addresses(@Nullable List<PostalAddress> addresses) {
			this.addresses = (addresses != null) ? addresses : List.of();
			return this;
		}

		public Builder enterprise(@Nullable Enterprise enterprise) {
			this.enterprise = (enterprise != null) ? enterprise : Enterprise.EMPTY;
			return this;
		}

		public Builder profileUrl(@Nullable String profileUrl) {
			this.profileUrl = profileUrl;
			return this;
		}

		public Builder externalIds(@Nullable List<ExternalId> externalIds) {
			this.externalIds = (externalIds != null) ? externalIds : List.of();
			return this;
		}

		/**
		 * Builds the attributes without judging them; {@link UserService} validates on
		 * write. A missing user name becomes empty so that validation reports it.
		 */
		public UserAttributes build() {
			return new UserAttributes((this.userName != null) ? this.userName : "", this.displayName, this.name,
					this.nickname, this.emails, this.phoneNumbers, this.locale, this.preferredLanguage, this.timezone,
					this.title, this.userType, this.emailVerified, this.distinguishedName, this.addresses,
					this.enterprise, this.profileUrl, this.externalIds);
		}

	}

}
