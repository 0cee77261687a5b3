package dev.passwordreset.api.oam;

import java.util.Locale;
import java.util.Optional;

import dev.passwordreset.identity.DistinguishedName;
import dev.passwordreset.reset.CodeChannel;
import dev.passwordreset.reset.UserReference;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * OAM's request bodies in its own camelCase, and the checks that turn them into the
 * core's terms. Fields are all optional to Jackson, so that a missing one is refused here
 * with its OAM name rather than as a Java type; every text is bounded and free of control
 * characters.
 */
final class OamRequests {

	static final int MAX_USER_NAME = 128;

	static final int MAX_STORE_NAME = 64;

	static final int MAX_APP_NAME = 128;

	static final int MAX_SESSION_ID = 256;

	static final int MAX_CORRELATION_ID = 64;

	static final int MAX_OTP_CODE = 64;

	static final int MAX_EMAIL = 320;

	static final int MAX_PHONE = 64;

	static final int MAX_CHANNEL = 16;

	/** What {@link #isText} accepts, for the description: no control characters. */
	static final String TEXT = "\\P{Cc}*";

	/** What {@link #channel} accepts, for the description. */
	static final String CHANNELS = "[Ss][Mm][Ss]|[Ee][Mm][Aa][Ii][Ll]|[Tt][Oo][Tt][Pp]|[Cc][Uu][Ss][Tt][Oo][Mm]";

	/** The longest password any policy accepts; longer ones would only cost hashing. */
	static final int MAX_PASSWORD = 1024;

	private OamRequests() {
	}

	/** OAM's {@code CreateOTPRequest}. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record CreateOtpRequest(
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_APP_NAME,
					pattern = TEXT) @Nullable String appName,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_CHANNEL,
					pattern = CHANNELS) @Nullable String deliveryChannel,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_USER_NAME,
					pattern = TEXT) @Nullable String userId,
			@Schema(maxLength = MAX_EMAIL, pattern = TEXT) @Nullable String email,
			@Schema(maxLength = MAX_PHONE, pattern = TEXT) @Nullable String phone,
			@Schema(maxLength = MAX_STORE_NAME, pattern = TEXT) @Nullable String idStore,
			@Schema(maxLength = MAX_SESSION_ID, pattern = TEXT) @Nullable String sessionId) {
	}

	/** OAM's {@code ValidateOTPRequest}; also the {@code otp} of a reset. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record ValidateOtpRequest(
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_APP_NAME,
					pattern = TEXT) @Nullable String appName,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_CORRELATION_ID,
					pattern = TEXT) @Nullable String correlationId,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_OTP_CODE,
					pattern = TEXT) @Nullable String otpCode,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_USER_NAME,
					pattern = TEXT) @Nullable String userId,
			@Schema(maxLength = MAX_CHANNEL, pattern = CHANNELS) @Nullable String deliveryChannel,
			@Schema(maxLength = MAX_STORE_NAME, pattern = TEXT) @Nullable String idStore,
			@Schema(maxLength = MAX_SESSION_ID, pattern = TEXT) @Nullable String sessionId) {

		@Override
		public String toString() {
			return "ValidateOtpRequest[correlationId=" + this.correlationId + ", otpCode=***]";
		}

	}

	/** OAM's {@code userdetails} object. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record UserDetailsBody(@Nullable String dn,
			@Schema(maxLength = MAX_STORE_NAME, pattern = TEXT) @Nullable String idstoreref,
			@Schema(pattern = UserDetails.TENANT) @Nullable String tenantname,
			@Schema(maxLength = MAX_USER_NAME, pattern = TEXT) @Nullable String username) {
	}

	/** OAM's {@code PasswordResetRequestWithOTPRequest}. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record ResetWithOtpRequest(@Nullable ValidateOtpRequest otp,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_PASSWORD) @Nullable String password,
			@Nullable UserDetailsBody username) {

		@Override
		public String toString() {
			return "ResetWithOtpRequest[password=***]";
		}

	}

	/** PasswordResetRequests: the user's own change, with the current password. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record ChangeRequest(
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_PASSWORD) @Nullable String originalpassword,
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_PASSWORD) @Nullable String newpassword,
			@Nullable UserDetailsBody username) {

		@Override
		public String toString() {
			return "ChangeRequest[originalpassword=***, newpassword=***]";
		}

	}

	/** PasswordValidateRequests. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	record ValidatePasswordRequest(
			@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = MAX_PASSWORD) @Nullable String password,
			@Nullable UserDetailsBody username) {

		@Override
		public String toString() {
			return "ValidatePasswordRequest[password=***]";
		}

	}

	/**
	 * The user a password-management call is about, by OAM's precedence: the path's
	 * {@code {userid}} (with {@code {idstoreref}}, else the default store) over the
	 * {@code userdetails} query parameter over the body's {@code username}. The highest
	 * source that is present names the user alone; lower ones are not read, so they
	 * cannot contradict it.
	 */
	static Optional<UserReference> identify(@Nullable String pathUser, @Nullable String pathStore,
			@Nullable String userdetails, @Nullable UserDetailsBody body, String defaultStore) {
		if (pathUser != null) {
			String store = (pathStore != null) ? pathStore : defaultStore;
			return Optional.of(UserDetails.reference(store, pathUser, null,
					"the path's userid and idstoreref must be 1 to 128 and 1 to 64 characters without control characters"));
		}
		if (userdetails != null) {
			return Optional.of(UserDetails.parse(userdetails));
		}
		if (body != null) {
			return Optional.of(fromBody(body, defaultStore));
		}
		return Optional.empty();
	}

	static UserReference identifyRequired(@Nullable String pathUser, @Nullable String pathStore,
			@Nullable String userdetails, @Nullable UserDetailsBody body, String defaultStore) {
		return identify(pathUser, pathStore, userdetails, body, defaultStore).orElseThrow(() -> OamException
			.malformed("the user is not identified: give it in the path, in userdetails or in the body's username"));
	}

	private static UserReference fromBody(UserDetailsBody body, String defaultStore) {
		if (body.tenantname() != null && !UserDetails.TENANT.equals(body.tenantname())) {
			throw OamException.malformed("username.tenantname must be systemTenant");
		}
		String userName = required("username.username", body.username(), MAX_USER_NAME);
		String store = (body.idstoreref() != null) ? required("username.idstoreref", body.idstoreref(), MAX_STORE_NAME)
				: defaultStore;
		DistinguishedName dn = null;
		if (body.dn() != null) {
			dn = DistinguishedName.parse(body.dn())
				.orElseThrow(() -> OamException.malformed("username.dn must be an RFC 4514 distinguished name"));
		}
		return new UserReference(store, userName, dn);
	}

	static CodeChannel channel(@Nullable String deliveryChannel) {
		String value = required("deliveryChannel", deliveryChannel, MAX_CHANNEL);
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "email" -> CodeChannel.EMAIL;
			case "sms" -> CodeChannel.SMS;
			case "totp" -> CodeChannel.TOTP;
			case "custom" -> CodeChannel.CUSTOM;
			default -> throw OamException.malformed("deliveryChannel must be one of sms, email, totp, custom");
		};
	}

	/** A required text: present, 1 to {@code max} characters, no control characters. */
	static String required(String field, @Nullable String value, int max) {
		if (value == null || value.isEmpty()) {
			throw OamException.malformed(field + " is required");
		}
		if (!isText(value, max)) {
			throw OamException.malformed(field + " must be at most " + max + " characters without control characters");
		}
		return value;
	}

	static @Nullable String optional(String field, @Nullable String value, int max) {
		return (value == null || value.isEmpty()) ? null : required(field, value, max);
	}

	/**
	 * A password: present and bounded; the policy, not this check, judges its characters.
	 */
	static String password(String field, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw OamException.malformed(field + " is required");
		}
		if (value.length() > MAX_PASSWORD) {
			throw OamException.malformed(field + " must be at most " + MAX_PASSWORD + " characters");
		}
		return value;
	}

	static boolean isName(String value, int max) {
		return !value.isBlank() && isText(value, max);
	}

	private static boolean isText(String value, int max) {
		return value.length() <= max && value.codePoints().noneMatch(Character::isISOControl);
	}

}
