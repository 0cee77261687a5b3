package dev.passwordreset.api.oam;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every operation of the face with the action name a denial reports. Oracle calls these "admin
 * delegated" APIs, so each is for administrators only: the organization's management account and
 * its delegated administrators, the same check as the Huawei face's user operations.
 */
enum OamAction {

	CREATE_OTP(HttpMethod.POST, OneTimePasswordController.BASE + "/createOTP", "oam:otp:create"),

	VALIDATE_OTP(HttpMethod.POST, OneTimePasswordController.BASE + "/validateOTP", "oam:otp:validate"),

	RESET_WITH_OTP(HttpMethod.POST, PasswordManagementController.BASE + "/PasswordResetRequestsWithOTP/**",
			"oam:password:resetWithOtp"),

	CHANGE_PASSWORD(HttpMethod.POST, PasswordManagementController.BASE + "/PasswordResetRequests/**",
			"oam:password:change"),

	VALIDATE_PASSWORD(HttpMethod.POST, PasswordManagementController.BASE + "/PasswordValidateRequests/**",
			"oam:password:validate"),

	GET_PASSWORD_POLICY(HttpMethod.GET, PasswordManagementController.BASE + "/UserPasswordPolicyRetriever/**",
			"oam:passwordPolicy:get");

	static final String REFUSAL = "no allow: the account is neither the management account nor a registered "
			+ "delegated administrator";

	private final RequestMatcher matcher;

	private final String actionName;

	OamAction(HttpMethod method, String pattern, String actionName) {
		this.matcher = PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
		this.actionName = actionName;
	}

	String actionName() {
		return this.actionName;
	}

	/** The action a request asks for; any other request under {@code /oam} is {@code oam:access}. */
	static String nameOf(HttpServletRequest request) {
		return Arrays.stream(values())
			.filter((action) -> action.matcher.matches(request))
			.findFirst()
			.map(OamAction::actionName)
			.orElse("oam:access");
	}

}
