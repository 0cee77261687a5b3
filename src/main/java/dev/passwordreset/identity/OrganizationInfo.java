package dev.passwordreset.identity;

import java.time.Instant;
import java.util.List;

public record OrganizationInfo(String organizationId, String managementAccountId, Instant createdAt,
		List<AccountInfo> accounts) {

	public OrganizationInfo {
		accounts = List.copyOf(accounts);
	}

}
