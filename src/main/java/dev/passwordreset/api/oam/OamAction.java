package dev.passwordreset.api.oam;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.passwordreset.api.RouteGuard;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every operation of the face with the action name a denial reports, and the paths it is
 * served at. Oracle calls these "admin delegated" APIs, so each is for administrators
 * only: the organization's management account and its delegated administrators, the same
 * check as the Huawei face's user operations. A route this table does not list is
 * unreachable (404 or 405, see {@link RouteGuard}), and {@code HEAD} follows the rule of
 * {@code GET}.
 */
enum OamAction {

	CREATE_OTP(HttpMethod.POST, "oam:otp:create", OneTimePasswordController.BASE + "/createOTP"),

	VALIDATE_OTP(HttpMethod.POST, "oam:otp:validate", OneTimePasswordController.BASE + "/validateOTP"),

	RESET_WITH_OTP(HttpMethod.POST, "oam:password:resetWithOtp",
			userPaths(PasswordManagementController.BASE + "/PasswordResetRequestsWithOTP")),

	CHANGE_PASSWORD(HttpMethod.POST, "oam:password:change",
			userPaths(PasswordManagementController.BASE + "/PasswordResetRequests")),

	VALIDATE_PASSWORD(HttpMethod.POST, "oam:password:validate",
			userPaths(PasswordManagementController.BASE + "/PasswordValidateRequests")),

	GET_PASSWORD_POLICY(HttpMethod.GET, "oam:passwordPolicy:get",
			userPaths(PasswordManagementController.BASE + "/UserPasswordPolicyRetriever"));

	static final String REFUSAL = "no allow: the account is neither the management account nor a registered "
			+ "delegated administrator";

	private final List<RouteGuard.Route> routes;

	private final RequestMatcher matcher;

	/** The action name of a request under {@code /oam} that the table does not list. */
	private static final String OUTSIDE_THE_TABLE = "oam:access";

	private final String actionName;

	OamAction(HttpMethod method, String actionName, String... patterns) {
		this.routes = Arrays.stream(patterns).map((pattern) -> new RouteGuard.Route(method, pattern)).toList();
		this.matcher = new OrRequestMatcher(
				Arrays.stream(patterns).map((pattern) -> RouteGuard.matcher(method, pattern)).toList());
		this.actionName = actionName;
	}

	/**
	 * A password-management operation names its user in the body, the path, or the path
	 * and store.
	 */
	private static String[] userPaths(String base) {
		return new String[] { base, base + "/{userid}", base + "/{userid}/{idstoreref}" };
	}

	String actionName() {
		return this.actionName;
	}

	RequestMatcher matcher() {
		return this.matcher;
	}

	/** The face's route table: every route of every action. */
	static List<RouteGuard.Route> routes() {
		return Arrays.stream(values()).flatMap((action) -> action.routes.stream()).toList();
	}

	/** Every action's name, once, with the name of a request outside the table. */
	static List<String> actionNames() {
		return Stream.concat(Arrays.stream(values()).map(OamAction::actionName), Stream.of(OUTSIDE_THE_TABLE))
			.distinct()
			.toList();
	}

	/**
	 * The action a request asks for; any other request under {@code /oam} is
	 * {@code oam:access}.
	 */
	static String nameOf(HttpServletRequest request) {
		return Arrays.stream(values())
			.filter((action) -> action.matcher.matches(request))
			.findFirst()
			.map(OamAction::actionName)
			.orElse(OUTSIDE_THE_TABLE);
	}

}
