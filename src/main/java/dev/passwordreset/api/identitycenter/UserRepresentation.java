package dev.passwordreset.api.identitycenter;

import java.util.List;

import dev.passwordreset.identity.EmailAddress;
import dev.passwordreset.identity.Enterprise;
import dev.passwordreset.identity.ExternalId;
import dev.passwordreset.identity.PersonName;
import dev.passwordreset.identity.PhoneNumber;
import dev.passwordreset.identity.PostalAddress;
import dev.passwordreset.identity.UserAttributes;
import dev.passwordreset.identity.UserInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Huawei's user shapes ({@code UserDto}, {@code NameDto}, {@code EmailDto},
 * {@code PhoneNumberDto}, {@code AddressDto}, {@code EnterpriseDto} with
 * {@code ManagerDto}, {@code ExternalIdDto}) and their translation to and from the core's
 * records. Times are epoch milliseconds, as the SDK reads them.
 */
final class UserRepresentation {

	/**
	 * The email addresses the identity core takes (its {@code UserAttributeRules}), for
	 * the description.
	 */
	static final String EMAIL = "[^@\\s\\p{Cc}]{1,64}@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+";

	private UserRepresentation() {
	}

	record NameDto(@Nullable String familyName, @Nullable String givenName, @Nullable String middleName,
			@Nullable String formatted, @Nullable String honorificPrefix, @Nullable String honorificSuffix) {

		static NameDto of(PersonName name) {
			return new NameDto(name.familyName(), name.givenName(), name.middleName(), name.formatted(),
					name.honorificPrefix(), name.honorificSuffix());
		}

		PersonName toPersonName() {
			return new PersonName(this.familyName, this.givenName, this.middleName, this.formatted,
					this.honorificPrefix, this.honorificSuffix);
		}

	}

	record EmailDto(
			@Schema(maxLength = 254, pattern = EMAIL,
					description = "An email address (UserAttributeRules in the identity core)") @Nullable String value,
			@Nullable String type, @Nullable Boolean primary, @Nullable VerificationStatus verificationStatus) {

		static EmailDto of(EmailAddress email) {
			return new EmailDto(email.value(), email.type(), email.primary(),
					email.verified() ? VerificationStatus.VERIFIED : VerificationStatus.NOT_VERIFIED);
		}

		EmailAddress toEmailAddress() {
			return new EmailAddress(this.value, this.type, Boolean.TRUE.equals(this.primary),
					this.verificationStatus == VerificationStatus.VERIFIED);
		}

	}

	enum VerificationStatus {

		VERIFIED, NOT_VERIFIED

	}

	record PhoneNumberDto(@Nullable String value, @Nullable String type, @Nullable Boolean primary) {

		static PhoneNumberDto of(PhoneNumber phone) {
			return new PhoneNumberDto(phone.value(), phone.type(), phone.primary());
		}

		PhoneNumber toPhoneNumber() {
			return new PhoneNumber(this.value, this.type, Boolean.TRUE.equals(this.primary));
		}

	}

	record AddressDto(@Schema(maxLength = 1024) @Nullable String streetAddress,
			@Schema(maxLength = 256) @Nullable String locality, @Schema(maxLength = 256) @Nullable String region,
			@Schema(maxLength = 32) @Nullable String postalCode, @Schema(maxLength = 64) @Nullable String country,
			@Schema(maxLength = 1024) @Nullable String formatted, @Schema(maxLength = 32) @Nullable String type,
			@Nullable Boolean primary) {

		static AddressDto of(PostalAddress address) {
			return new AddressDto(address.streetAddress(), address.locality(), address.region(), address.postalCode(),
					address.country(), address.formatted(), address.type(), address.primary());
		}

		PostalAddress toPostalAddress() {
			return new PostalAddress(this.streetAddress, this.locality, this.region, this.postalCode, this.country,
					this.formatted, this.type, Boolean.TRUE.equals(this.primary));
		}

	}

	record ManagerDto(@Schema(maxLength = 256,
			description = "An identifier of the user's manager, kept as given") @Nullable String value) {
	}

	record EnterpriseDto(@Schema(maxLength = 64) @Nullable String employeeNumber,
			@Schema(maxLength = 128) @Nullable String costCenter,
			@Schema(maxLength = 256) @Nullable String organization, @Schema(maxLength = 256) @Nullable String division,
			@Schema(maxLength = 256) @Nullable String department, @Nullable ManagerDto manager) {

		/**
		 * Always present, with a {@code manager} object even when no manager is set,
		 * which is the shape Huawei answers with ({@code "enterprise": {"manager": {}}})
		 * and the one its Terraform provider reads: it takes an enterprise with one key
		 * and no manager for no enterprise.
		 */
		static EnterpriseDto of(Enterprise enterprise) {
			return new EnterpriseDto(enterprise.employeeNumber(), enterprise.costCenter(), enterprise.organization(),
					enterprise.division(), enterprise.department(), new ManagerDto(enterprise.manager()));
		}

		Enterprise toEnterprise() {
			return new Enterprise(this.employeeNumber, this.costCenter, this.organization, this.division,
					this.department, (this.manager != null) ? this.manager.value() : null);
		}

	}

	record ExternalIdDto(@Schema(maxLength = 256) @Nullable String id,
			@Schema(maxLength = 256) @Nullable String issuer) {

		static ExternalIdDto of(ExternalId externalId) {
			return new ExternalIdDto(externalId.id(), externalId.issuer());
		}

		ExternalId toExternalId() {
			return new ExternalId(this.issuer, this.id);
		}

	}

	/**
	 * A user as DescribeUser and ListUsers return it, plus this service's
	 * {@code distinguished_name} and {@code password_change_required}.
	 */
	record UserDto(String userId, String identityStoreId, String userName, @Nullable String displayName, NameDto name,
			@Nullable String nickname, List<EmailDto> emails, List<PhoneNumberDto> phoneNumbers,
			@Nullable String locale, @Nullable String preferredLanguage, @Nullable String timezone,
			@Nullable String title, @Nullable String userType, boolean enabled, boolean emailVerified,
			@Nullable String distinguishedName, boolean passwordChangeRequired, long createdAt, String createdBy,
			long updatedAt, String updatedBy, List<AddressDto> addresses, EnterpriseDto enterprise,
			@Nullable String profileUrl, List<ExternalIdDto> externalIds) {

		static UserDto of(UserInfo user) {
			UserAttributes attributes = user.attributes();
			return new UserDto(user.userId().toString(), user.identityStoreId(), attributes.userName(),
					attributes.displayName(), NameDto.of(attributes.name()), attributes.nickname(),
					attributes.emails().stream().map(EmailDto::of).toList(),
					attributes.phoneNumbers().stream().map(PhoneNumberDto::of).toList(), attributes.locale(),
					attributes.preferredLanguage(), attributes.timezone(), attributes.title(), attributes.userType(),
					user.enabled(), attributes.emailVerified(), attributes.distinguishedName(),
					user.passwordChangeRequired(), user.createdAt().toEpochMilli(), user.createdBy(),
					user.updatedAt().toEpochMilli(), user.updatedBy(),
					attributes.addresses().stream().map(AddressDto::of).toList(),
					EnterpriseDto.of(attributes.enterprise()), attributes.profileUrl(),
					attributes.externalIds().stream().map(ExternalIdDto::of).toList());
		}

	}

	static List<EmailAddress> emails(@Nullable List<EmailDto> emails) {
		return (emails != null) ? emails.stream().map(EmailDto::toEmailAddress).toList() : List.of();
	}

	static List<PostalAddress> addresses(@Nullable List<AddressDto> addresses) {
		return (addresses != null) ? addresses.stream().map(AddressDto::toPostalAddress).toList() : List.of();
	}

	static List<ExternalId> externalIds(@Nullable List<ExternalIdDto> externalIds) {
		return (externalIds != null) ? externalIds.stream().map(ExternalIdDto::toExternalId).toList() : List.of();
	}

	static @Nullable Enterprise enterprise(@Nullable EnterpriseDto enterprise) {
		return (enterprise != null) ? enterprise.toEnterprise() : null;
	}

	static List<PhoneNumber> phoneNumbers(@Nullable List<PhoneNumberDto> phones) {
		return (phones != null) ? phones.stream().map(PhoneNumberDto::toPhoneNumber).toList() : List.of();
	}

}
