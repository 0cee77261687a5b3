package dev.passwordreset.api.oam;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import dev.passwordreset.api.OpenApiConfiguration;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI group of the Oracle Access Manager face. Its description carries the table
 * of {@link OamResult}s, read from the enum itself so that it cannot fall behind; every
 * operation takes any of the three credentials and lists its errors in OAM's
 * {@code {message, minorCode, resultCode}} body.
 */
@Configuration(proxyBeanMethods = false)
class OamOpenApi {

	static final String GROUP = "oam";

	private static final String ERROR = OamResponse.class.getSimpleName();

	@Bean
	GroupedOpenApi oamGroup() {
		return GroupedOpenApi.builder()
			.group(GROUP)
			.displayName("Oracle Access Manager (/oam)")
			.pathsToMatch("/oam/**")
			.addOpenApiCustomizer((openApi) -> OpenApiConfiguration.describe(openApi, description()))
			.build();
	}

	@Bean
	GlobalOperationCustomizer oamOperations() {
		return (operation, handler) -> {
			if (!handler.getBeanType().getPackageName().equals(OamOpenApi.class.getPackageName())) {
				return operation;
			}
			operation.setSecurity(OpenApiConfiguration.anyCredentials());
			Map<String, String> errors = OpenApiConfiguration.commonErrors(true, operation.getRequestBody() != null,
					describe(OamResult.MALFORMED_REQUEST), describe(OamResult.UNAUTHENTICATED),
					describe(OamResult.ACCESS_DENIED),
					describe(OamResult.USER_NOT_FOUND, OamResult.IDENTITY_STORE_NOT_FOUND, OamResult.NOT_FOUND),
					describe(OamResult.RATE_LIMITED) + "; retry after Retry-After",
					describe(OamResult.SERVICE_UNAVAILABLE), describe(OamResult.INTERNAL_ERROR));
			errors.replace("406", "The Accept header allows neither application/json nor application/xml");
			errors.replace("415", "The body is neither application/json nor application/xml");
			OpenApiConfiguration.addErrors(operation, ERROR, errors);
			// Errors come in XML too, when Accept prefers it (OamXml).
			operation.getResponses().forEach((status, response) -> {
				Content content = response.getContent();
				if (content != null && content.containsKey(OamXml.JSON) && !content.containsKey(OamXml.XML)) {
					content.addMediaType(OamXml.XML, new MediaType().schema(content.get(OamXml.JSON).getSchema()));
				}
			});
			return operation;
		};
	}

	@Bean
	GlobalOpenApiCustomizer oamErrorSchema() {
		return (openApi) -> OpenApiConfiguration.addSchema(openApi, OamResponse.class,
				(path) -> path.startsWith("/oam/"));
	}

	/** The results an error status may carry, as {@code resultCode minorCode} pairs. */
	static String describe(OamResult... results) {
		return Arrays.stream(results)
			.map((result) -> "resultCode " + result.resultCode() + " " + result.minorCode())
			.collect(Collectors.joining(", "));
	}

	static String description() {
		StringBuilder table = new StringBuilder(
				"""
						Oracle Access Manager's one-time PIN and password-management REST APIs, in OAM's camelCase \
						bodies, in JSON or, where `Content-Type` and `Accept` say so, XML. Every answer, errors included, \
						is `{message, minorCode, resultCode}` (createOTP adds `correlationId`; password management adds \
						`messages`, the broken rules of a refused password, empty on success). resultCode `0` is success; Oracle publishes \
						no other codes, so these are the service's own, and stay stable:

						| HTTP | resultCode | minorCode | meaning |
						|---|---|---|---|
						""");
		for (OamResult result : OamResult.values()) {
			table.append("| ")
				.append(result.status())
				.append(" | `")
				.append(result.resultCode())
				.append("` | `")
				.append(result.minorCode())
				.append("` | ")
				.append(result.message())
				.append(" |\n");
		}
		return table.toString();
	}

}
