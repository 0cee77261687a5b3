package dev.passwordreset.api.identitycenter;

import java.util.List;

import dev.passwordreset.security.AccessKeyInfo;
import dev.passwordreset.security.AccessKeyService;
import dev.passwordreset.security.Caller;
import dev.passwordreset.security.NewAccessKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Permanent access keys of an account, in the shape of Huawei IAM's credential APIs. The
 * secret appears once, in the response to the creation.
 */
@RestController
class AccessKeyController {

	private static final String KEYS = "/v1/accounts/{account_id}/access-keys";

	private final AccessKeyService accessKeys;

	AccessKeyController(AccessKeyService accessKeys) {
		this.accessKeys = accessKeys;
	}

	@Operation(summary = "Create an access key for an account (the secret is shown once)")
	@PostMapping(KEYS)
	@ResponseStatus(HttpStatus.CREATED)
	CreatedCredential create(@PathVariable("account_id") String accountId, @AuthenticationPrincipal Caller caller) {
		NewAccessKey key = this.accessKeys.create(caller, accountId);
		return new CreatedCredential(new Credential(key.accessKeyId(), key.secretAccessKey(), key.accountId(), "active",
				key.createdAt().toEpochMilli()));
	}

	@Operation(summary = "List an account's access keys")
	@GetMapping(KEYS)
	Credentials list(@PathVariable("account_id") String accountId) {
		return new Credentials(this.accessKeys.list(accountId).stream().map(CredentialSummary::of).toList());
	}

	@Operation(summary = "Delete an access key")
	@DeleteMapping(KEYS + "/{access_key_id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable("account_id") String accountId, @PathVariable("access_key_id") String accessKeyId) {
		this.accessKeys.delete(accountId, accessKeyId);
	}

	record CreatedCredential(Credential credential) {
	}

	/** Named apart from the token face's {@code Credential}, which has other fields. */
	@Schema(name = "AccessKeyCredential")
	record Credential(String access, String secret, String accountId, String status, long createdAt) {

		@Override
		public String toString() {
			return "Credential[access=" + this.access + "]";
		}

	}

	record Credentials(List<CredentialSummary> credentials) {
	}

	record CredentialSummary(String access, String accountId, String status, long createdAt) {

		static CredentialSummary of(AccessKeyInfo key) {
			return new CredentialSummary(key.accessKeyId(), key.accountId(), key.status().toLowerCase(),
					key.createdAt().toEpochMilli());
		}

	}

}
