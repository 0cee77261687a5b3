package dev.passwordreset.api.oam;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.xml.XmlMapper;
import tools.jackson.dataformat.xml.XmlWriteFeature;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.xml.JacksonXmlHttpMessageConverter;
import org.springframework.util.StringUtils;

/**
 * OAM's REST APIs take and give {@code application/xml} as well as JSON, as Oracle's
 * "Send Requests" pages for them say. {@code Content-Type} says how a request is read and
 * {@code Accept} how its answer is written; JSON stays the default, for answers and
 * errors alike.
 * <p>
 * XML is this face's alone: the converter reads and writes only the face's own types, and
 * the unrestricted XML converter Spring would register once Jackson's XML format is on
 * the class path is removed, so the Huawei face ({@code /v1}) keeps answering JSON
 * whatever it is asked. The parser is Spring's defensive one: no DTDs and no external
 * entities, so neither an XXE nor an entity expansion ("billion laughs") gets past the
 * prolog.
 */
@Configuration(proxyBeanMethods = false)
class OamXml {

	/**
	 * What the face produces and consumes; mappings list JSON first so that it stays the
	 * default.
	 */
	static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	static final String XML = MediaType.APPLICATION_XML_VALUE;

	@Bean
	OamXmlConverter oamXmlConverter() {
		return new OamXmlConverter(mapper());
	}

	/**
	 * Spring's defaults bring a second XML converter for every type; Boot's own backs off
	 * because {@link OamXmlConverter} is one, and this removes the other.
	 */
	@Bean
	ServerHttpMessageConvertersCustomizer onlyOamSpeaksXml() {
		return (builder) -> builder.configureMessageConvertersList(
				(converters) -> converters.removeIf((converter) -> converter instanceof JacksonXmlHttpMessageConverter
						&& !(converter instanceof OamXmlConverter)));
	}

	static XmlMapper mapper() {
		return XmlMapper.builder(JacksonXmlHttpMessageConverter.defensiveXmlFactory())
			// As the JSON mapper does: an unknown element is ignored, an absent field
			// left out.
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.enable(XmlWriteFeature.WRITE_XML_DECLARATION)
			.build();
	}

	/**
	 * Whether an answer (an error included) to this request is XML: only when
	 * {@code Accept} ranks {@code application/xml} above {@code application/json}. No
	 * {@code Accept}, {@code *}{@code /*}, or a header that cannot be parsed all mean
	 * JSON.
	 */
	static boolean wantsXml(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		if (!StringUtils.hasText(accept)) {
			return false;
		}
		try {
			List<MediaType> accepted = MediaType.parseMediaTypes(accept);
			return quality(accepted, MediaType.APPLICATION_XML) > quality(accepted, MediaType.APPLICATION_JSON);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static double quality(List<MediaType> accepted, MediaType type) {
		return accepted.stream()
			.filter((candidate) -> candidate.includes(type))
			.mapToDouble(MediaType::getQualityValue)
			.max()
			.orElse(0);
	}

	/**
	 * Jackson's XML converter for the OAM face's own request and response types, and no
	 * others.
	 */
	static final class OamXmlConverter extends JacksonXmlHttpMessageConverter {

		OamXmlConverter(XmlMapper mapper) {
			super(mapper);
		}

		@Override
		public boolean canRead(ResolvableType type, MediaType mediaType) {
			return isOwn(type) && super.canRead(type, mediaType);
		}

		@Override
		public boolean canWrite(ResolvableType type, Class<?> valueClass, MediaType mediaType) {
			return isOwn(ResolvableType.forClass(valueClass)) && super.canWrite(type, valueClass, mediaType);
		}

		private static boolean isOwn(ResolvableType type) {
			Class<?> resolved = type.resolve();
			return resolved != null && resolved.getPackageName().equals(OamXml.class.getPackageName());
		}

	}

}
