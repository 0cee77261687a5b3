package dev.passwordreset.api.identitycenter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.core.TypeCasts;

/**
 * Huawei's ResetPwdMode operation, which SDK releases after 3.1.143 carry and the newest
 * one on Maven Central here lacks. It is defined exactly as the generated
 * {@code IdentityCenterStoreMeta} defines every other operation, and runs through the SDK
 * core's {@link HcClient}, so the SDK's own signer, HTTP stack and error parsing do the
 * work.
 */
class ResetPwdModeClient {

	static final HttpRequestDef<ResetPwdModeRequest, ResetPwdModeResponse> RESET_PWD_MODE = define();

	private final HcClient hcClient;

	ResetPwdModeClient(HcClient hcClient) {
		this.hcClient = hcClient;
	}

	static ClientBuilder<ResetPwdModeClient> newBuilder() {
		return new ClientBuilder<>(ResetPwdModeClient::new);
	}

	ResetPwdModeResponse resetPwdMode(ResetPwdModeRequest request) {
		return this.hcClient.syncInvokeHttp(request, RESET_PWD_MODE);
	}

	private static HttpRequestDef<ResetPwdModeRequest, ResetPwdModeResponse> define() {
		HttpRequestDef.Builder<ResetPwdModeRequest, ResetPwdModeResponse> builder = HttpRequestDef
			.builder(HttpMethod.POST, ResetPwdModeRequest.class, ResetPwdModeResponse.class)
			.withName("ResetPwdMode")
			.withUri("/v1/identity-stores/{identity_store_id}/users/{user_id}/reset-password")
			.withContentType("application/json");
		builder.<String>withRequestField("identity_store_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY,
				TypeCasts.uncheckedConversion(String.class), (f) -> f
					.withMarshaller(ResetPwdModeRequest::getIdentityStoreId, ResetPwdModeRequest::setIdentityStoreId));
		builder.<String>withRequestField("user_id", LocationType.Path, FieldExistence.NON_NULL_NON_EMPTY,
				TypeCasts.uncheckedConversion(String.class),
				(f) -> f.withMarshaller(ResetPwdModeRequest::getUserId, ResetPwdModeRequest::setUserId));
		builder.<String>withRequestField("X-Security-Token", LocationType.Header, FieldExistence.NULL_IGNORE,
				TypeCasts.uncheckedConversion(String.class), (f) -> f
					.withMarshaller(ResetPwdModeRequest::getXSecurityToken, ResetPwdModeRequest::setXSecurityToken));
		builder.<UpdatePwdModeReqBody>withRequestField("body", LocationType.Body, FieldExistence.NON_NULL_NON_EMPTY,
				TypeCasts.uncheckedConversion(UpdatePwdModeReqBody.class),
				(f) -> f.withMarshaller(ResetPwdModeRequest::getBody, ResetPwdModeRequest::setBody));
		return builder.build();
	}

	/** Huawei's {@code ResetPwdModeRequest}. */
	public static class ResetPwdModeRequest {

		@JsonInclude(JsonInclude.Include.NON_NULL)
		@JsonProperty("X-Security-Token")
		private String xSecurityToken;

		@JsonProperty("identity_store_id")
		private String identityStoreId;

		@JsonProperty("user_id")
		private String userId;

		@JsonProperty("body")
		private UpdatePwdModeReqBody body;

		public ResetPwdModeRequest withIdentityStoreId(String identityStoreId) {
			this.identityStoreId = identityStoreId;
			return this;
		}

		public ResetPwdModeRequest withUserId(String userId) {
			this.userId = userId;
			return this;
		}

		public ResetPwdModeRequest withBody(UpdatePwdModeReqBody body) {
			this.body = body;
			return this;
		}

		public String getXSecurityToken() {
			return this.xSecurityToken;
		}

		public void setXSecurityToken(String xSecurityToken) {
			this.xSecurityToken = xSecurityToken;
		}

		public String getIdentityStoreId() {
			return this.identityStoreId;
		}

		public void setIdentityStoreId(String identityStoreId) {
			this.identityStoreId = identityStoreId;
		}

		public String getUserId() {
			return this.userId;
		}

		public void setUserId(String userId) {
			this.userId = userId;
		}

		public UpdatePwdModeReqBody getBody() {
			return this.body;
		}

		public void setBody(UpdatePwdModeReqBody body) {
			this.body = body;
		}

	}

	/** Huawei's {@code UpdatePwdModeReqBody}: {@code mode} is OTP or EMAIL. */
	public static class UpdatePwdModeReqBody {

		@JsonProperty("mode")
		private String mode;

		public UpdatePwdModeReqBody withMode(String mode) {
			this.mode = mode;
			return this;
		}

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

	}

	/** Huawei's {@code ResetPwdModeResponse}. */
	public static class ResetPwdModeResponse extends SdkResponse {

		@JsonInclude(JsonInclude.Include.NON_NULL)
		@JsonProperty("password")
		private String password;

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

	}

}
