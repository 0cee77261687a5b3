package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.passwordreset.api.identitycenter.UserRepresentation.AddressDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.EmailDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.EnterpriseDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.ExternalIdDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.ManagerDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.NameDto;
import dev.passwordreset.api.identitycenter.UserRepresentation.PhoneNumberDto;
import dev.passwordreset.identity.Enterprise;
import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import dev.passwordreset.identity.PersonName;
import dev.passwordreset.identity.UserAttributes;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Translates UpdateUser's {@code operations[{attribute_path, attribute_value}]} into a
 * change of the user's attributes. Paths are Huawei's snake_case names
 * ({@code display_name}, {@code name.given_name}); the camelCase spelling
 * ({@code displayName}) is accepted too. A null value clears the attribute. The SDK types
 * {@code attribute_value} as a string, so structured attributes ({@code name},
 * {@code emails}, {@code phone_numbers}, {@code addresses}, {@code enterprise},
 * {@code enterprise.manager}, {@code external_ids}) may come as JSON text. Operations
 * apply in order, each to the result of the one before.
 */
@Component
class UserAttributeOperations {

	private static final TypeReference<List<EmailDto>> EMAILS = new TypeReference<>() {
	};

	private static final TypeReference<List<PhoneNumberDto>> PHONE_NUMBERS = new TypeReference<>() {
	};

	private static final TypeReference<List<AddressDto>> ADDRESSES = new TypeReference<>() {
	};

	private static final TypeReference<List<ExternalIdDto>> EXTERNAL_IDS = new TypeReference<>() {
	};

	private static final TypeReference<EnterpriseDto> ENTERPRISE = new TypeReference<>() {
	};

	private final JsonMapper jsonMapper;

	UserAttributeOperations(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	UnaryOperator<UserAttributes> change(List<AttributeOperation> operations) {
		return (current) -> {
			UserAttributes changed = current;
			for (AttributeOperation operation : operations) {
				changed = apply(changed, normalize(operation.attributePath()), operation.attributeValue());
			}
			return changed;
		};
	}

	private UserAttributes apply(UserAttributes current, String path, @Nullable JsonNode value) {
		UserAttributes.Builder user = current.toBuilder();
		PersonName name = current.name();
		Enterprise enterprise = current.enterprise();
		switch (path) {
			case "user_name" -> user.userName(text(path, value));
			case "display_name" -> user.displayName(text(path, value));
			case "nickname" -> user.nickname(text(path, value));
			case "locale" -> user.locale(text(path, value));
			case "preferred_language" -> user.preferredLanguage(text(path, value));
			case "timezone" -> user.timezone(text(path, value));
			case "title" -> user.title(text(path, value));
			case "user_type" -> user.userType(text(path, value));
			case "distinguished_name" -> user.distinguishedName(text(path, value));
			case "profile_url" -> user.profileUrl(text(path, value));
			case "email_verified" -> user.emailVerified(bool(path, value));
			case "emails" -> user.emails(UserRepresentation.emails(structured(path, value, EMAILS)));
			case "phone_numbers" ->
				user.phoneNumbers(UserRepresentation.phoneNumbers(structured(path, value, PHONE_NUMBERS)));
			case "addresses" -> user.addresses(UserRepresentation.addresses(structured(path, value, ADDRESSES)));
			case "external_ids" ->
				user.externalIds(UserRepresentation.externalIds(structured(path, value, EXTERNAL_IDS)));
			case "name" -> {
				NameDto dto = structured(path, value, new TypeReference<NameDto>() {
				});
				user.name((dto != null) ? dto.toPersonName() : PersonName.EMPTY);
			}
			case "name.family_name" -> user.name(new PersonName(text(path, value), name.givenName(), name.middleName(),
					name.formatted(), name.honorificPrefix(), name.honorificSuffix()));
			case "name.given_name" -> user.name(new PersonName(name.familyName(), text(path, value), name.middleName(),
					name.formatted(), name.honorificPrefix(), name.honorificSuffix()));
			case "name.middle_name" -> user.name(new PersonName(name.familyName(), name.givenName(), text(path, value),
					name.formatted(), name.honorificPrefix(), name.honorificSuffix()));
			case "name.formatted" -> user.name(new PersonName(name.familyName(), name.givenName(), name.middleName(),
					text(path, value), name.honorificPrefix(), name.honorificSuffix()));
			case "name.honorific_prefix" -> user.name(new PersonName(name.familyName(), name.givenName(),
					name.middleName(), name.formatted(), text(path, value), name.honorificSuffix()));
			case "name.honorific_suffix" -> user.name(new PersonName(name.familyName(), name.givenName(),
					name.middleName(), name.formatted(), name.honorificPrefix(), text(path, value)));
			case "enterprise" -> user.enterprise(UserRepresentation.enterprise(structured(path, value, ENTERPRISE)));
			case "enterprise.employee_number" ->
				user.enterprise(new Enterprise(text(path, value), enterprise.costCenter(), enterprise.organization(),
						enterprise.division(), enterprise.department(), enterprise.manager()));
			case "enterprise.cost_center" -> user
				.enterprise(new Enterprise(enterprise.employeeNumber(), text(path, value), enterprise.organization(),
						enterprise.division(), enterprise.department(), enterprise.manager()));
			case "enterprise.organization" ->
				user.enterprise(new Enterprise(enterprise.employeeNumber(), enterprise.costCenter(), text(path, value),
						enterprise.division(), enterprise.department(), enterprise.manager()));
			case "enterprise.division" ->
				user.enterprise(new Enterprise(enterprise.employeeNumber(), enterprise.costCenter(),
						enterprise.organization(), text(path, value), enterprise.department(), enterprise.manager()));
			case "enterprise.department" ->
				user.enterprise(new Enterprise(enterprise.employeeNumber(), enterprise.costCenter(),
						enterprise.organization(), enterprise.division(), text(path, value), enterprise.manager()));
			case "enterprise.manager" -> {
				ManagerDto manager = structured(path, value, new TypeReference<ManagerDto>() {
				});
				user.enterprise(managedBy(enterprise, (manager != null) ? manager.value() : null));
			}
			case "enterprise.manager.value" -> user.enterprise(managedBy(enterprise, text(path, value)));
			default -> throw invalid("attribute_path " + printable(path) + " is not an attribute that can be updated");
		}
		return user.build();
	}

	private static Enterprise managedBy(Enterprise enterprise, @Nullable String manager) {
		return new Enterprise(enterprise.employeeNumber(), enterprise.costCenter(), enterprise.organization(),
				enterprise.division(), enterprise.department(), manager);
	}

	static String normalize(String path) {
		return path.strip().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	private static @Nullable String text(String path, @Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid("attribute_value of " + path + " must be a string");
		}
		return value.asString();
	}

	private static boolean bool(String path, @Nullable JsonNode value) {
		if (value != null && value.isBoolean()) {
			return value.asBoolean();
		}
		if (value != null && value.isString()
				&& ("true".equals(value.asString()) || "false".equals(value.asString()))) {
			return Boolean.parseBoolean(value.asString());
		}
		throw invalid("attribute_value of " + path + " must be true or false");
	}

	private <T> @Nullable T structured(String path, @Nullable JsonNode value, TypeReference<T> type) {
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			JsonNode tree = value.isString() ? this.jsonMapper.readTree(value.asString()) : value;
			T result = this.jsonMapper.treeToValue(tree, this.jsonMapper.constructType(type));
			if (result instanceof List<?> list && list.stream().anyMatch(Objects::isNull)) {
				throw invalid("attribute_value of " + path + " must not hold null entries");
			}
			return result;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw invalid("attribute_value of " + path + " is not valid for that attribute");
		}
	}

	private static String printable(String path) {
		return path.matches("[A-Za-z0-9._]{1,64}") ? path : "(unprintable)";
	}

	private static IdentityException invalid(String message) {
		return IdentityException.invalid(message);
	}

	record AttributeOperation(@NotBlank @Size(max = 128) String attributePath, @Nullable JsonNode attributeValue) {
	}

}
