package dev.passwordreset.api.oam;

import java.util.List;
import java.util.Optional;

import dev.passwordreset.api.AuditActors;
import dev.passwordreset.api.oam.OamRequests.ChangeRequest;
import dev.passwordreset.api.oam.OamRequests.ResetWithOtpRequest;
import dev.passwordreset.api.oam.OamRequests.ValidatePasswordRequest;
import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordRuleStatement;
import dev.passwordreset.password.PasswordViolation;
import dev.passwordreset.reset.OneTimeCodeResetService;
import dev.passwordreset.reset.UserReference;
import dev.passwordreset.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAM's admin-delegated password management: an authenticated application acts on a
 * user's behalf. Each call also answers at {@code /{userid}} and
 * {@code /{userid}/{idstoreref}}; see {@link OamRequests#identify} for which of path,
 * {@code userdetails} and body names the user.
 */
@RestController
class PasswordManagementController {

	static final String BASE = "/oam/services/rest/access/api/v1/pswdmanagement";

	private static final String USER = "/{userid}";

	private static final String USER_IN_STORE = "/{userid}/{idstoreref}";

	private final OneTimeCodeResetService resets;

	private final OamProperties properties;

	PasswordManagementController(OneTimeCodeResetService resets, OamProperties properties) {
		this.resets = resets;
		this.properties = properties;
	}

	@Operation(summary = "PasswordResetRequestsWithOTP: reset a user's password with a one-time code")
	@ApiResponse(responseCode = "200", description = "The password was reset")
	@ApiResponse(responseCode = "422",
			description = "resultCode 1 to 4 (the code), 5 PASSWORD_POLICY_VIOLATION with " + "messages")
	@PostMapping(
			path = { BASE + "/PasswordResetRequestsWithOTP", BASE + "/PasswordResetRequestsWithOTP" + USER,
					BASE + "/PasswordResetRequestsWithOTP" + USER_IN_STORE },
			consumes = { OamXml.JSON, OamXml.XML }, produces = { OamXml.JSON, OamXml.XML })
	OamResponse resetWithOtp(@PathVariable(name = "userid", required = false) @Nullable String userId,
			@PathVariable(name = "idstoreref", required = false) @Nullable String idStoreRef,
			@RequestParam(name = "userdetails", required = false) @Nullable String userdetails,
			@RequestBody ResetWithOtpRequest request, @AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		UserReference user = OamRequests.identifyRequired(userId, idStoreRef, userdetails, request.username(),
				this.properties.defaultIdentityStore());
		if (request.otp() == null) {
			throw OamException.malformed("otp is required");
		}
		String password = OamRequests.password("password", request.password());
		this.resets.resetPassword(user, OneTimePasswordController.codeOf(request.otp()), password,
				AuditActors.of(caller, http));
		return OamResponse.withMessages(OamResult.SUCCESS, "The password was reset.");
	}

	@Operation(summary = "PasswordResetRequests: the user's own change, with the current password")
	@ApiResponse(responseCode = "200", description = "The password was changed")
	@ApiResponse(responseCode = "422",
			description = "resultCode 5 PASSWORD_POLICY_VIOLATION with messages, 14 " + "ORIGINAL_PASSWORD_INCORRECT")
	@PostMapping(
			path = { BASE + "/PasswordResetRequests", BASE + "/PasswordResetRequests" + USER,
					BASE + "/PasswordResetRequests" + USER_IN_STORE },
			consumes = { OamXml.JSON, OamXml.XML }, produces = { OamXml.JSON, OamXml.XML })
	OamResponse change(@PathVariable(name = "userid", required = false) @Nullable String userId,
			@PathVariable(name = "idstoreref", required = false) @Nullable String idStoreRef,
			@RequestParam(name = "userdetails", required = false) @Nullable String userdetails,
			@RequestBody ChangeRequest request, @AuthenticationPrincipal Caller caller, HttpServletRequest http) {
		UserReference user = OamRequests.identifyRequired(userId, idStoreRef, userdetails, request.username(),
				this.properties.defaultIdentityStore());
		String original = OamRequests.password("originalpassword", request.originalpassword());
		String changed = OamRequests.password("newpassword", request.newpassword());
		this.resets.changePassword(user, original, changed, AuditActors.of(caller, http));
		return OamResponse.withMessages(OamResult.SUCCESS, "The password was changed.");
	}

	/**
	 * 200 when the password satisfies the user's policy; 400 with the violated rules
	 * otherwise.
	 */
	@Operation(summary = "PasswordValidateRequests: would the policy take this password?")
	@ApiResponse(responseCode = "200", description = "The password satisfies the policy")
	@ApiResponse(responseCode = "400",
			description = "resultCode 5 PASSWORD_POLICY_VIOLATION with the broken rules "
					+ "in messages, or 10 MALFORMED_REQUEST")
	@PostMapping(
			path = { BASE + "/PasswordValidateRequests", BASE + "/PasswordValidateRequests" + USER,
					BASE + "/PasswordValidateRequests" + USER_IN_STORE },
			consumes = { OamXml.JSON, OamXml.XML }, produces = { OamXml.JSON, OamXml.XML })
	ResponseEntity<OamResponse> validate(@PathVariable(name = "userid", required = false) @Nullable String userId,
			@PathVariable(name = "idstoreref", required = false) @Nullable String idStoreRef,
			@RequestParam(name = "userdetails", required = false) @Nullable String userdetails,
			@RequestBody ValidatePasswordRequest request) {
		UserReference user = OamRequests.identifyRequired(userId, idStoreRef, userdetails, request.username(),
				this.properties.defaultIdentityStore());
		String password = OamRequests.password("password", request.password());
		List<PasswordViolation> violations = this.resets.violations(user, password);
		if (violations.isEmpty()) {
			return ResponseEntity
				.ok(OamResponse.withMessages(OamResult.SUCCESS, "The password satisfies the password policy."));
		}
		return ResponseEntity.badRequest().body(violated(violations));
	}

	@Operation(summary = "UserPasswordPolicyRetriever: the user's (or the default store's) password policy")
	@GetMapping(path = { BASE + "/UserPasswordPolicyRetriever", BASE + "/UserPasswordPolicyRetriever" + USER,
			BASE + "/UserPasswordPolicyRetriever" + USER_IN_STORE }, produces = { OamXml.JSON, OamXml.XML })
	PolicyDescriptionResponse policy(@PathVariable(name = "userid", required = false) @Nullable String userId,
			@PathVariable(name = "idstoreref", required = false) @Nullable String idStoreRef,
			@RequestParam(name = "userdetails", required = false) @Nullable String userdetails,
			@RequestParam(name = "isDescription", required = false) @Nullable String isDescription) {
		boolean description = flag(isDescription);
		Optional<UserReference> user = OamRequests.identify(userId, idStoreRef, userdetails, null,
				this.properties.defaultIdentityStore());
		PasswordPolicy policy = user.map(this.resets::policyFor)
			.orElseGet(() -> this.resets.policyOfStore(this.properties.defaultIdentityStore()));
		return new PolicyDescriptionResponse(messagesOf(policy, description));
	}

	/**
	 * The body of a refused password: the rules it broke, each as a policy message whose
	 * {@code resourceBundleKey} is the broken rule's key, as UserPasswordPolicyRetriever
	 * lists it.
	 */
	static OamResponse violated(List<PasswordViolation> violations) {
		List<PolicyMessage> messages = violations.stream()
			.map((violation) -> new PolicyMessage(violation.reason(), violation.rule().key()))
			.toList();
		List<String> reasons = violations.stream().map(PasswordViolation::reason).distinct().toList();
		return new OamResponse(OamResult.PASSWORD_POLICY_VIOLATION.message() + " " + String.join(" ", reasons),
				OamResult.PASSWORD_POLICY_VIOLATION.minorCode(), OamResult.PASSWORD_POLICY_VIOLATION.resultCode(),
				messages);
	}

	/**
	 * {@code isDescription} is true unless it says false; anything but true or false is
	 * refused.
	 */
	private static boolean flag(@Nullable String value) {
		if (value == null || value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw OamException.malformed("isDescription must be true or false");
	}

	/**
	 * The policy's rules as the password feature states them, one message each. With
	 * descriptions, each {@code displayValue} is the rule's sentence; without, the rule's
	 * bare value. {@code resourceBundleKey} is the rule's key, the same a violation of it
	 * carries.
	 */
	static List<PolicyMessage> messagesOf(PasswordPolicy policy, boolean description) {
		return PasswordRuleStatement.of(policy)
			.stream()
			.map((rule) -> new PolicyMessage(description ? rule.sentence() : rule.value(), rule.key()))
			.toList();
	}

	/** OAM's {@code PolicyDescriptionResponse}. */
	@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
	@JacksonXmlRootElement(localName = "PolicyDescriptionResponse")
	record PolicyDescriptionResponse(@JacksonXmlElementWrapper(localName = "messages") @JacksonXmlProperty(
			localName = "PolicyMessage") List<PolicyMessage> messages) {
	}

}
