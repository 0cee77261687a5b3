package dev.passwordreset.api.identitycenter;

import java.util.List;
import java.util.Map;

import dev.passwordreset.api.OpenApiConfiguration;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The OpenAPI group of the Huawei face. Every operation takes any of the three
 * credentials but the two a reset link and "forgot password" need none for, and lists its
 * errors in Huawei's {@code {error_code, error_msg, request_id}} body.
 */
@Configuration(proxyBeanMethods = false)
class IdentityCenterOpenApi {

	static final String GROUP = "identity-center";

	private static final String ERROR = IdentityCenterError.class.getSimpleName();

	private static final String DESCRIPTION = "Huawei Cloud IAM Identity Center's identity-store API with snake_case "
			+ "bodies, and the IAM and STS calls its clients make. Every error is `{error_code, error_msg, request_id}`; "
			+ "a permission denial adds `encoded_authorization_message`. Times are epoch milliseconds.";

	private static final List<Class<?>> PUBLIC = List.of(PasswordResetConfirmationController.class,
			SelfServicePasswordResetController.class);

	@Bean
	GroupedOpenApi identityCenterGroup() {
		return GroupedOpenApi.builder()
			.group(GROUP)
			.displayName("Huawei Cloud IAM Identity Center (/v1)")
			.pathsToMatch("/v1/**", "/v3.0/**", "/v5/**")
			.addOpenApiCustomizer((openApi) -> OpenApiConfiguration.describe(openApi, DESCRIPTION))
			.build();
	}

	/**
	 * Global, so that {@code /v3/api-docs} without a group says the same as the group.
	 */
	@Bean
	GlobalOperationCustomizer identityCenterOperations() {
		return (operation, handler) -> {
			if (!handler.getBeanType().getPackageName().equals(IdentityCenterOpenApi.class.getPackageName())) {
				return operation;
			}
			boolean open = PUBLIC.contains(handler.getBeanType());
			operation.setSecurity(open ? List.of() : OpenApiConfiguration.anyCredentials());
			Map<String, String> errors = OpenApiConfiguration.commonErrors(!open, operation.getRequestBody() != null,
					"Malformed JSON, a wrong type, a missing or invalid field or parameter (IIC.400)",
					"Missing, wrong or expired credentials (APIGW.0301, APIGW.0307, IIC.4011-IIC.4014)",
					"The caller may not perform this action (IIC.1000 with encoded_authorization_message, IIC.1001)",
					"Unknown identity store, user, account, access key or route (IIC.404)",
					"Too many requests or failed authentications from this client or key; retry after Retry-After",
					"The database is briefly unavailable, or the password hashes before this request would take too "
							+ "long; retry after Retry-After (IIC.503)",
					"A bug; the log has the details (IIC.500)");
			if (!handler.hasMethodAnnotation(GetMapping.class)) {
				// Any change can lose to a concurrent one, or break a uniqueness rule
				// (IdentityCenterExceptionHandler).
				errors.put("409", "A concurrent change won (IIC.1006), or the change conflicts with existing data "
						+ "(IIC.1257, IIC.1007)");
			}
			OpenApiConfiguration.addErrors(operation, ERROR, errors);
			return operation;
		};
	}

	@Bean
	GlobalOpenApiCustomizer identityCenterErrorSchema() {
		return (openApi) -> OpenApiConfiguration.addSchema(openApi, IdentityCenterError.class,
				(path) -> path.startsWith("/v1/") || path.startsWith("/v3.0/") || path.startsWith("/v5/"));
	}

}
