package dev.passwordreset.api.identitycenter;

import java.util.ArrayList;
import java.util.List;

import dev.passwordreset.api.TableRoute;

/**
 * The {@code /v1} face's route tables for tests outside this package: each route of
 * {@link IdentityCenterAction} and whom its audience admits, and the open routes, which
 * admit anybody.
 */
public final class IdentityCenterRouteTable {

	private IdentityCenterRouteTable() {
	}

	public static List<TableRoute> routes() {
		List<TableRoute> routes = new ArrayList<>();
		for (IdentityCenterAction action : IdentityCenterAction.values()) {
			routes.add(new TableRoute(action.route().method(), action.route().pattern(),
					(caller, account) -> caller != null && action.audience().admits(caller, account)));
		}
		IdentityCenterSecurityConfiguration.OPEN_ROUTES
			.forEach((route) -> routes.add(new TableRoute(route.method(), route.pattern(), (caller, account) -> true)));
		return routes;
	}

	/** The routes anybody may call without credentials; their chain reads none. */
	public static List<String> openPatterns() {
		return IdentityCenterSecurityConfiguration.OPEN_ROUTES.stream().map((route) -> route.pattern()).toList();
	}

}
