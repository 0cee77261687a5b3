package dev.passwordreset.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.PropertyNamingStrategies.NamingBase;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What both faces' OpenAPI descriptions share: the three ways a caller authenticates, the error
 * responses, and property names as the service really writes them. springdoc reads models with
 * swagger-core's Jackson 2, which knows neither {@code spring.jackson.property-naming-strategy}
 * (snake_case, for {@code /v1}) nor the Jackson 3 {@code @JsonNaming} the OAM records carry; the
 * {@link ModelResolver} here applies both, so the description cannot drift from the wire.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	public static final String BASIC = "basic";

	public static final String BEARER = "bearer";

	public static final String SDK_SIGNATURE = "sdk-hmac-sha256";

	static {
		// A field typed JsonNode takes any JSON value (UpdateUser's attribute_value), not a bean of Jackson's.
		SpringDocUtils.getConfig()
			.replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>()
				.types(Set.of("string", "number", "boolean", "object", "array", "null"))
				.description("Any JSON value"));
	}

	@Bean
	OpenAPI passwordResetOpenApi() {
		return new OpenAPI()
			.info(new Info().title("password-reset-service")
				.version("v1")
				.description("Password reset for identity stores: the Huawei Cloud IAM Identity Center face "
						+ "(group identity-center) and the Oracle Access Manager face (group oam)."))
			.components(new Components().addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("basic")
				.description("An access key id as the user name and its secret access key as the password."))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A token from POST /v1/auth/tokens (also accepted as X-Auth-Token). A token minted "
							+ "with temporary credentials needs its X-Security-Token header as well."))
				.addSecuritySchemes(SDK_SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("Authorization")
					.description("Huawei's SDK signing: `Authorization: SDK-HMAC-SHA256 Access=<access key id>, "
							+ "SignedHeaders=<names>, Signature=<hex HMAC-SHA256 of the canonical request>`, with "
							+ "`X-Sdk-Date: yyyyMMdd'T'HHmmss'Z'` (UTC, within 15 minutes of the server's clock) "
							+ "among the signed headers. Temporary credentials (POST /v3.0/OS-CREDENTIAL/securitytokens) "
							+ "also send `X-Security-Token`.")));
	}

	/** Property names as the runtime mapper writes them; see the class comment. */
	@Bean
	ModelResolver runtimeNamingModelResolver(ObjectMapperProvider springdocMappers, JsonMapper jsonMapper) {
		NamingBase runtimeDefault = (jsonMapper.serializationConfig()
			.getPropertyNamingStrategy() instanceof NamingBase naming) ? naming : null;
		return new ModelResolver(springdocMappers.jsonMapper()
			.copy()
			.setPropertyNamingStrategy(new RuntimeNaming(runtimeDefault))).openapi31(springdocMappers.isOpenapi31());
	}

	/** Any of the three credentials; what a caller may then do is the face's concern. */
	public static List<SecurityRequirement> anyCredentials() {
		return List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER),
				new SecurityRequirement().addList(SDK_SIGNATURE));
	}

	/**
	 * Adds an error response for each status not described yet. Every error of a face has the
	 * face's body, so each 4xx and 5xx response, the operation's own included, gets that schema.
	 */
	public static void addErrors(Operation operation, String errorSchema, Map<String, String> statuses) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		statuses.forEach((status, description) -> responses.putIfAbsent(status, new ApiResponse().description(description)));
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				response.setContent(errorContent(errorSchema));
			}
		});
		operation.setResponses(responses);
	}

	public static Content errorContent(String errorSchema) {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + errorSchema)));
	}

	/**
	 * Puts a face's error body, and what it refers to, among the description's schemas, when the
	 * description holds any of the face's paths.
	 */
	public static void addSchema(OpenAPI openApi, Class<?> type, Predicate<String> facePath) {
		if (openApi.getPaths() == null || openApi.getPaths().keySet().stream().noneMatch(facePath)) {
			return;
		}
		ResolvedSchema resolved = ModelConverters.getInstance(true)
			.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(false));
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(type.getSimpleName(), resolved.schema);
		if (resolved.referencedSchemas != null) {
			resolved.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
		}
	}

	/** A group's own description, on a copy of the shared title and version. */
	public static void describe(OpenAPI openApi, String description) {
		Info shared = openApi.getInfo();
		openApi.info(new Info().title(shared.getTitle()).version(shared.getVersion()).description(description));
	}

	/**
	 * The runtime's naming, in Jackson 2's terms: a class's Jackson 3 {@code @JsonNaming} when it
	 * has one, else the mapper's global strategy. Explicit {@code @JsonProperty} names still win,
	 * as they do at runtime.
	 */
	static final class RuntimeNaming extends PropertyNamingStrategy {

		private final @Nullable NamingBase runtimeDefault;

		RuntimeNaming(@Nullable NamingBase runtimeDefault) {
			this.runtimeDefault = runtimeDefault;
		}

		@Override
		public String nameForField(MapperConfig<?> config, AnnotatedField field, String defaultName) {
			return translate(field.getDeclaringClass(), defaultName);
		}

		@Override
		public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
			return translate(method.getDeclaringClass(), defaultName);
		}

		@Override
		public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String defaultName) {
			return translate(method.getDeclaringClass(), defaultName);
		}

		@Override
		public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter,
				String defaultName) {
			return translate(parameter.getDeclaringClass(), defaultName);
		}

		private String translate(Class<?> type, String name) {
			JsonNaming own = type.getAnnotation(JsonNaming.class);
			NamingBase naming = (own != null && NamingBase.class.isAssignableFrom(own.value()))
					? (NamingBase) BeanUtils.instantiateClass(own.value()) : this.runtimeDefault;
			// NamingBase translates the name alone; it reads neither the configuration nor the member.
			return (naming != null) ? naming.nameForField(null, null, name) : name;
		}

	}

}
