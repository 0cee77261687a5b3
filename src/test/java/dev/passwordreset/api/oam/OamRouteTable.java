package dev.passwordreset.api.oam;

import java.util.List;

import dev.passwordreset.api.TableRoute;

/**
 * {@link OamAction} for tests outside this package: every route is for administrators
 * only.
 */
public final class OamRouteTable {

	private OamRouteTable() {
	}

	public static List<TableRoute> routes() {
		return OamAction.routes()
			.stream()
			.map((route) -> new TableRoute(route.method(), route.pattern(),
					(caller, account) -> caller != null && caller.isAdministrator()))
			.toList();
	}

}
