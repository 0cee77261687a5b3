package dev.passwordreset.api.identitycenter;

import dev.passwordreset.identity.IdentityError;
import dev.passwordreset.identity.IdentityException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of GetUserId and GetGroupId:
 * {@code {"alternate_identifier": {"unique_attribute": {"attribute_path",
 * "attribute_value"}}}} or, instead, an {@code external_id}.
 */
record AlternateIdentifierRequest(@NotNull @Valid AlternateIdentifier alternateIdentifier) {

	record AlternateIdentifier(@Nullable @Valid UniqueAttribute uniqueAttribute,
			@Nullable @Valid ExternalId externalId) {

		/**
		 * The value of the one unique attribute the lookup accepts ({@code user_name} or
		 * {@code display_name}, camelCase accepted too). An external id names nothing
		 * here, for this service keeps none: the lookup answers not found, as for an
		 * unknown one.
		 */
		String uniqueValueOf(String attribute) {
			if (this.uniqueAttribute == null) {
				if (this.externalId != null) {
					throw IdentityException.notFoundBy(attribute.equals("user_name") ? IdentityError.USER_NOT_FOUND
							: IdentityError.GROUP_NOT_FOUND, "external_id");
				}
				throw invalid("alternate_identifier needs unique_attribute or external_id");
			}
			if (!UserAttributeOperations.normalize(this.uniqueAttribute.attributePath()).equals(attribute)) {
				throw invalid("unique_attribute.attribute_path must be " + attribute);
			}
			return this.uniqueAttribute.attributeValue();
		}

		private static IdentityException invalid(String message) {
			return IdentityException.invalid(message);
		}

	}

	record UniqueAttribute(@NotBlank @Size(max = 128) String attributePath,
			@NotNull @Size(min = 1, max = 1024) String attributeValue) {
	}

	record ExternalId(@Nullable @Size(max = 1024) String id, @Nullable @Size(max = 1024) String issuer) {
	}

}
