package dev.passwordreset.api;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.PropertyNamingStrategies.NamingBase;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * What both faces' OpenAPI descriptions share: the three ways a caller authenticates, the
 * error responses, and property names as the service really writes them. springdoc reads
 * models with swagger-core's Jackson 2, which knows neither
 * {@code spring.jackson.property-naming-strategy} (snake_case, for {@code /v1}) nor the
 * Jackson 3 {@code @JsonNaming} the OAM records carry; the {@link ModelResolver} here
 * applies both, so the description cannot drift from the wire. It also reads each
 * record's nullness ({@link RecordModelResolver}), and every pattern is anchored as bean
 * validation applies it; the statuses every operation of a face can answer are listed by
 * {@link #commonErrors}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

	public static final String BASIC = "basic";

	public static final String BEARER = "bearer";

	public static final String SDK_SIGNATURE = "sdk-hmac-sha256";

	static {
		// A field typed JsonNode takes any JSON value (UpdateUser's attribute_value), not
		// a bean of Jackson's.
		SpringDocUtils.getConfig()
			.replaceWithSchema(tools.jackson.databind.JsonNode.class,
					new Schema<>().types(Set.of("string", "number", "boolean", "object", "array", "null"))
						.description("Any JSON value"));
	}

	@Bean
	OpenAPI passwordResetOpenApi() {
		return new OpenAPI()
			.info(new Info().title("password-reset-service")
				.version("v1")
				.description("Password reset for identity stores: the Huawei Cloud IAM Identity Center face "
						+ "(group identity-center) and the Oracle Access Manager face (group oam)."))
			.components(new Components()
				.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
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
		return new RecordModelResolver(
				springdocMappers.jsonMapper().copy().setPropertyNamingStrategy(new RuntimeNaming(runtimeDefault)))
			.openapi31(springdocMappers.isOpenapi31());
	}

	/**
	 * Bean validation's {@code @Pattern} must match the whole value; JSON Schema's
	 * {@code pattern} matches anywhere, so that {@code [a-z]*} would accept anything.
	 * Every pattern is anchored, so that the description refuses what the server refuses.
	 */
	@Bean
	GlobalOpenApiCustomizer anchoredPatterns() {
		return (openApi) -> {
			Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
			if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
				openApi.getComponents().getSchemas().values().forEach((schema) -> anchor(schema, seen));
			}
			if (openApi.getPaths() != null) {
				openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
					if (operation.getParameters() != null) {
						operation.getParameters().forEach((parameter) -> anchor(parameter.getSchema(), seen));
					}
					if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
						operation.getRequestBody()
							.getContent()
							.values()
							.forEach((media) -> anchor(media.getSchema(), seen));
					}
				}));
			}
		};
	}

	private static void anchor(@Nullable Schema<?> schema, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		String pattern = schema.getPattern();
		if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
			schema.setPattern("^(?:" + pattern + ")$");
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach((property) -> anchor(property, seen));
		}
		anchor(schema.getItems(), seen);
		for (List<Schema> composed : Arrays.asList(schema.getAnyOf(), schema.getOneOf(), schema.getAllOf())) {
			if (composed != null) {
				composed.forEach((part) -> anchor(part, seen));
			}
		}
	}

	/** Any of the three credentials; what a caller may then do is the face's concern. */
	public static List<SecurityRequirement> anyCredentials() {
		return List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(BEARER),
				new SecurityRequirement().addList(SDK_SIGNATURE));
	}

	/**
	 * Adds an error response for each status not described yet. Every error of a face has
	 * the face's body, so each 4xx and 5xx response, the operation's own included, gets
	 * that schema.
	 */
	public static void addErrors(Operation operation, String errorSchema, Map<String, String> statuses) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		statuses.forEach(
				(status, description) -> responses.putIfAbsent(status, new ApiResponse().description(description)));
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				response.setContent(errorContent(errorSchema));
			}
			if (status.equals("429") || status.equals("503")) {
				response.addHeaderObject(HttpHeaders.RETRY_AFTER,
						new Header().required(true)
							.description("Seconds to wait before trying again")
							.schema(new Schema<Integer>().types(Set.of("integer")).minimum(BigDecimal.ONE)));
			}
		});
		operation.setResponses(responses);
	}

	/**
	 * The statuses any operation of a face can answer, whatever it does: refusals of the
	 * request as a whole (a method the route does not take, a body over the limit, too
	 * many requests, failed authentications throttled), and a database briefly away.
	 * {@code authenticated} adds 401 and 403, which an operation open to anyone cannot
	 * answer.
	 */
	public static Map<String, String> commonErrors(boolean authenticated, boolean hasBody, String malformed,
			String unauthenticated, String forbidden, String notFound, String throttled, String unavailable,
			String internal) {
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put("400", malformed);
		if (authenticated) {
			errors.put("401", unauthenticated);
			errors.put("403", forbidden);
		}
		errors.put("404", notFound);
		errors.put("405", "The route does not take this method");
		errors.put("406", "The Accept header allows no application/json");
		errors.put("413", "The body is over the size limit");
		if (hasBody) {
			errors.put("415", "The body is not application/json");
		}
		errors.put("429", throttled);
		errors.put("500", internal);
		errors.put("503", unavailable);
		return errors;
	}

	public static Content errorContent(String errorSchema) {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + errorSchema)));
	}

	/**
	 * Puts a face's error body, and what it refers to, among the description's schemas,
	 * when the description holds any of the face's paths.
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
	 * Reads a record's JSpecify nullness into its schema, so that the description says
	 * what the wire does: a component without {@code @Nullable} is always written (the
	 * service leaves out nulls, so a {@code @Nullable} one may be missing) and, in a
	 * request, is refused when missing ({@code @NotNull} and its kin stand beside it), so
	 * it is {@code required}; a {@code @Nullable} one takes {@code null} as well as its
	 * type, as Jackson reads it, unless the code refuses it missing and says so with
	 * {@code @Schema(requiredMode = REQUIRED)}.
	 */
	static final class RecordModelResolver extends ModelResolver {

		RecordModelResolver(ObjectMapper mapper) {
			super(mapper);
		}

		@Override
		public Schema resolve(AnnotatedType annotatedType, ModelConverterContext context,
				Iterator<ModelConverter> next) {
			Schema resolved = super.resolve(annotatedType, context, next);
			JavaType type = (annotatedType.getType() instanceof JavaType javaType) ? javaType
					: _mapper.constructType(annotatedType.getType());
			Class<?> raw = type.getRawClass();
			if (resolved == null || !raw.isRecord()) {
				return resolved;
			}
			Schema model = resolved;
			if (resolved.get$ref() != null) {
				model = context.getDefinedModels()
					.get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
			}
			if (model != null && model.getProperties() != null) {
				applyNullness(model, raw, type);
			}
			return resolved;
		}

		@SuppressWarnings({ "rawtypes", "unchecked" })
		private void applyNullness(Schema model, Class<?> record, JavaType type) {
			Map<String, String> wireNames = new HashMap<>();
			_mapper.getSerializationConfig()
				.introspect(type)
				.findProperties()
				.forEach((property) -> wireNames.put(property.getInternalName(), property.getName()));
			for (RecordComponent component : record.getRecordComponents()) {
				String name = wireNames.getOrDefault(component.getName(), component.getName());
				Schema property = (Schema) model.getProperties().get(name);
				if (property == null) {
					continue;
				}
				io.swagger.v3.oas.annotations.media.Schema described = component.getAccessor()
					.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
				boolean requiredInCode = described != null
						&& described.requiredMode() == io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
				if (component.getAnnotatedType().isAnnotationPresent(Nullable.class) && !requiredInCode) {
					model.getProperties().put(name, nullable(property));
				}
				else if (model.getRequired() == null || !model.getRequired().contains(name)) {
					model.addRequiredItem(name);
				}
			}
		}

		@SuppressWarnings({ "rawtypes", "unchecked" })
		private static Schema nullable(Schema property) {
			Set<String> types = property.getTypes();
			if (property.get$ref() == null && property.getEnum() == null && types != null && !types.isEmpty()) {
				Set<String> withNull = new LinkedHashSet<>(types);
				withNull.add("null");
				property.setTypes(withNull);
				return property;
			}
			if ((types != null && types.contains("null")) || property.getOneOf() != null) {
				return property;
			}
			// A reference or an enumeration: null is a second choice beside it.
			return new Schema().oneOf(List.of(property, new Schema().types(Set.of("null"))));
		}

	}

	/**
	 * The runtime's naming, in Jackson 2's terms: a class's Jackson 3 {@code @JsonNaming}
	 * when it has one, else the mapper's global strategy. Explicit {@code @JsonProperty}
	 * names still win, as they do at runtime.
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
			// NamingBase translates the name alone; it reads neither the configuration
			// nor the member.
			return (naming != null) ? naming.nameForField(null, null, name) : name;
		}

	}

}
