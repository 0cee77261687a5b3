package dev.passwordreset.api;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

class PathFirstHandlerMappingTests {

	private final PathFirstHandlerMapping mapping = new PathFirstHandlerMapping();

	private final RequestMappingInfo reset = info("/v1/identity-stores/{id}/users/{user_id}/reset-password");

	@Test
	void aMappingWhosePathDoesNotMatchIsRefusedWithoutReadingTheContentType() {
		CountingRequest request = request("/v1/identity-stores/s/users/u", "application/json");

		assertThat(this.mapping.getMatchingMapping(this.reset, request)).isNull();
		assertThat(request.contentTypeReads).isZero();
	}

	@Test
	void aMappingWhosePathMatchesIsTestedForEverythingElseAsBefore() {
		RequestMappingInfo match = this.mapping.getMatchingMapping(this.reset,
				request("/v1/identity-stores/s/users/u/reset-password", "application/json"));

		assertThat(match).isNotNull();
		assertThat(match.getPathPatternsCondition().getPatternValues())
			.containsExactly("/v1/identity-stores/{id}/users/{user_id}/reset-password");
		assertThat(match.getConsumesCondition().getConsumableMediaTypes()).extracting(Object::toString)
			.containsExactly("application/json");
	}

	@Test
	void aMatchingPathWithAContentTypeTheMappingDoesNotConsumeIsNoMatch() {
		CountingRequest request = request("/v1/identity-stores/s/users/u/reset-password", "text/plain");

		assertThat(this.mapping.getMatchingMapping(this.reset, request)).isNull();
		assertThat(request.contentTypeReads).isPositive();
	}

	@Test
	void theAnswerIsSpringsOwnForEveryRequest() {
		RequestMappingInfo[] infos = { this.reset, info("/v1/identity-stores/{id}/users"), info("/oam/x") };
		String[][] requests = { { "/v1/identity-stores/s/users/u/reset-password", "application/json" },
				{ "/v1/identity-stores/s/users/u/reset-password", "application/xml" },
				{ "/v1/identity-stores/s/users", "application/json" }, { "/oam/x", "application/json" },
				{ "/oam/x", null }, { "/elsewhere", "application/json" } };
		for (RequestMappingInfo info : infos) {
			for (String[] r : requests) {
				assertThat(this.mapping.getMatchingMapping(info, request(r[0], r[1])))
					.as("%s for %s %s", info, r[0], r[1])
					.isEqualTo(info.getMatchingCondition(request(r[0], r[1])));
			}
		}
	}

	private static RequestMappingInfo info(String path) {
		RequestMappingInfo.BuilderConfiguration options = new RequestMappingInfo.BuilderConfiguration();
		options.setPatternParser(PathPatternParser.defaultInstance);
		return RequestMappingInfo.paths(path)
			.methods(RequestMethod.POST)
			.consumes("application/json")
			.options(options)
			.build();
	}

	private static CountingRequest request(String path, String contentType) {
		CountingRequest request = new CountingRequest(path);
		if (contentType != null) {
			request.setContentType(contentType);
			request.setContent("{}".getBytes());
		}
		ServletRequestPathUtils.parseAndCache(request);
		return request;
	}

	static class CountingRequest extends MockHttpServletRequest {

		int contentTypeReads;

		CountingRequest(String path) {
			super("POST", path);
		}

		@Override
		public String getContentType() {
			this.contentTypeReads++;
			return super.getContentType();
		}

	}

}
