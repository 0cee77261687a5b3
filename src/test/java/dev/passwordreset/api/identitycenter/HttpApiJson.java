package dev.passwordreset.api.identitycenter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses JSON that arrives inside a JSON string, such as a decoded authorization message.
 */
final class HttpApiJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private HttpApiJson() {
	}

	static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

}
