package dev.passwordreset.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests signed with {@code SDK-HMAC-SHA256}, as Huawei's SDKs send them:
 * <pre>
 * Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={h1;h2}, Signature={hex}
 * X-Sdk-Date: 20261123T010000Z
 * </pre> The canonical request is rebuilt from the headers the client says it signed
 * ({@code host} and {@code x-sdk-date} must be among them), the date must be within the
 * allowed skew, and the body must hash to what was signed unless the client sent
 * {@code X-Sdk-Content-Sha256:
 * UNSIGNED-PAYLOAD}. Failures go to the entry point that the API face supplies.
 */
public class SdkSignatureAuthenticationFilter extends OncePerRequestFilter {

	private static final Pattern AUTHORIZATION = Pattern.compile(
			"SDK-HMAC-SHA256\\s+Access=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-fA-F]{64})\\s*");

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

	private static final String CONTENT_SHA256 = "X-Sdk-Content-Sha256";

	private final AccessKeyService accessKeys;

	private final TemporaryCredentialService temporaryCredentials;

	private final CallerResolver callers;

	private final Clock clock;

	private final Duration maxClockSkew;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	SdkSignatureAuthenticationFilter(AccessKeyService accessKeys, TemporaryCredentialService temporaryCredentials,
			CallerResolver callers, Clock clock, Duration maxClockSkew, AuthenticationEntryPoint entryPoint) {
		this.accessKeys = accessKeys;
		this.temporaryCredentials = temporaryCredentials;
		this.callers = callers;
		this.clock = clock;
		this.maxClockSkew = maxClockSkew;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader("Authorization");
		if (authorization == null || !authorization.startsWith(SdkSignature.ALGORITHM)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			CachedBodyRequest signed = new CachedBodyRequest(request);
			Authentication authentication = authenticate(signed, authorization);
			SecurityContext context = this.contexts.createEmptyContext();
			context.setAuthentication(authentication);
			this.contexts.setContext(context);
			chain.doFilter(signed, response);
		}
		catch (CallerAuthenticationException ex) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, ex);
		}
	}

	private Authentication authenticate(CachedBodyRequest request, String authorization) {
		Matcher parts = AUTHORIZATION.matcher(authorization);
		if (!parts.matches()) {
			throw new CallerAuthenticationException(AuthenticationFailure.MALFORMED_CREDENTIALS,
					"Malformed SDK-HMAC-SHA256 Authorization header");
		}
		String accessKeyId = parts.group(1);
		List<String> signedHeaderNames = Arrays.asList(parts.group(2).split(";"));
		if (!signedHeaderNames.contains("host") || !signedHeaderNames.contains("x-sdk-date")) {
			throw new CallerAuthenticationException(AuthenticationFailure.MALFORMED_CREDENTIALS,
					"SignedHeaders must include host and x-sdk-date");
		}
		String sdkDate = request.getHeader("X-Sdk-Date");
		checkFreshness(sdkDate);

		SortedMap<String, String> signedHeaders = new TreeMap<>();
		for (String name : signedHeaderNames) {
			String value = request.getHeader(name);
			if (!name.equals(name.toLowerCase(Locale.ROOT)) || value == null) {
				throw new CallerAuthenticationException(AuthenticationFailure.MALFORMED_CREDENTIALS,
						"A signed header is missing or not lower-case");
			}
			signedHeaders.put(name, value.strip());
		}
		String canonicalRequest = SdkSignature.canonicalRequest(request.getMethod(), request.getRequestURI(),
				request.getQueryString(), signedHeaders, payloadHash(request));
		String stringToSign = SdkSignature.stringToSign(sdkDate, canonicalRequest);

		String securityToken = request.getHeader("X-Security-Token");
		boolean temporary = TemporaryCredentialService.isTemporaryKeyId(accessKeyId);
		if (!temporary && securityToken != null) {
			throw new CallerAuthenticationException(AuthenticationFailure.SECURITY_TOKEN_MISMATCH,
					"A security token was sent with a permanent access key");
		}
		AccessKeyService.SigningKey key = temporary ? this.temporaryCredentials.signingKey(accessKeyId, securityToken)
				: this.accessKeys.signingKey(accessKeyId)
					.orElseThrow(() -> new CallerAuthenticationException(AuthenticationFailure.BAD_CREDENTIALS,
							"Unknown or inactive access key"));
		String expected = SdkSignature.sign(key.secret(), stringToSign);
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				parts.group(3).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
			throw new CallerAuthenticationException(AuthenticationFailure.SIGNATURE_MISMATCH,
					"The request signature does not match");
		}
		return this.callers.authenticated(key.accountId(), accessKeyId,
				temporary ? CredentialKind.TEMPORARY_KEY : CredentialKind.PERMANENT_KEY);
	}

	private void checkFreshness(String sdkDate) {
		if (sdkDate == null) {
			throw new CallerAuthenticationException(AuthenticationFailure.REQUEST_EXPIRED, "X-Sdk-Date is missing");
		}
		Instant signedAt;
		try {
			signedAt = LocalDateTime.parse(sdkDate, SDK_DATE).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new CallerAuthenticationException(AuthenticationFailure.REQUEST_EXPIRED, "X-Sdk-Date is malformed");
		}
		if (Duration.between(signedAt, this.clock.instant()).abs().compareTo(this.maxClockSkew) > 0) {
			throw new CallerAuthenticationException(AuthenticationFailure.REQUEST_EXPIRED,
					"X-Sdk-Date is too far from the server's time");
		}
	}

	private static String payloadHash(CachedBodyRequest request) {
		String declared = request.getHeader(CONTENT_SHA256);
		if (SdkSignature.UNSIGNED_PAYLOAD.equals(declared)) {
			return declared;
		}
		String actual = SdkSignature.sha256Hex(request.body());
		if (declared != null && !declared.equalsIgnoreCase(actual)) {
			throw new CallerAuthenticationException(AuthenticationFailure.BODY_MISMATCH,
					"The body does not match X-Sdk-Content-Sha256");
		}
		return (declared != null) ? declared : actual;
	}

	/**
	 * Reads the body once, for its hash, and hands the same bytes to the controller. The
	 * body limit filter has already bounded what can be read.
	 */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request) throws IOException {
			super(request);
			this.body = request.getInputStream().readAllBytes();
		}

		byte[] body() {
			return this.body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Synchronous reads only");
				}

			};
		}

	}

}
