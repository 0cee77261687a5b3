package dev.passwordreset.api.identitycenter;

import java.util.List;

import dev.passwordreset.identity.IdentityStoreInfo;
import dev.passwordreset.identity.IdentityStorePage;
import dev.passwordreset.identity.IdentityStoreService;
import dev.passwordreset.identity.OrganizationService;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/instances}: each identity store is served as one IAM Identity Center
 * instance, which is how Huawei's clients discover the {@code identity_store_id} they
 * need.
 */
@RestController
class InstanceController {

	private final IdentityStoreService identityStores;

	private final OrganizationService organization;

	InstanceController(IdentityStoreService identityStores, OrganizationService organization) {
		this.identityStores = identityStores;
		this.organization = organization;
	}

	@Operation(summary = "List instances (one per identity store)")
	@GetMapping("/v1/instances")
	InstanceList list(@RequestParam(defaultValue = "100") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Nullable @Size(max = 512) String marker) {
		IdentityStorePage page = this.identityStores.list(limit, marker);
		String managementAccountId = this.organization.managementAccountId();
		List<Instance> instances = page.stores()
			.stream()
			.map((store) -> Instance.of(store, managementAccountId))
			.toList();
		return new InstanceList(instances, new PageInfo(page.nextMarker(), instances.size()));
	}

	record InstanceList(List<Instance> instances, PageInfo pageInfo) {
	}

	record Instance(String instanceId, String identityStoreId, String alias, String instanceUrn) {

		static Instance of(IdentityStoreInfo store, String managementAccountId) {
			return new Instance(store.instanceId(), store.identityStoreId(), store.name(),
					"IdentityCenter::" + managementAccountId + ":instance:" + store.instanceId());
		}

	}

}
