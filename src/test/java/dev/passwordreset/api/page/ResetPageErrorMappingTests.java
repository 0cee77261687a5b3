package dev.passwordreset.api.page;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.passwordreset.password.HashingBusyException;
import dev.passwordreset.password.PasswordPolicy;
import dev.passwordreset.password.PasswordPolicyService;
import dev.passwordreset.reset.InvalidResetTokenException;
import dev.passwordreset.reset.PasswordRejectedException;
import dev.passwordreset.reset.PasswordResetService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * The reset page's error mapping alone: each refusal of the reset core is a page of its
 * own, with the pages' strict headers, the policy's sentences and never the password, and
 * a busy core a 503 with {@code Retry-After}. The core is mocked and the security filters
 * are off ({@code addFilters = false}): the page's chain only adds headers and a
 * throttle, which the journeys prove ({@code ResetPasswordPageTests},
 * {@code PageRefusalTests}).
 */
@WebMvcTest(useDefaultFilters = false)
@AutoConfigureMockMvc(addFilters = false)
@Import(ResetPasswordPageController.class)
class ResetPageErrorMappingTests {

	private static final String TOKEN = "a-reset-token";

	private static final String PASSWORD = "Correct-Horse-9";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	PasswordResetService resets;

	@MockitoBean
	PasswordPolicyService policies;

	@BeforeEach
	void aLinkOfAStore() {
		given(this.resets.identityStoreOf(TOKEN)).willReturn(Optional.of("store-1"));
		given(this.policies.policyOf("store-1")).willReturn(
				new PasswordPolicy(8, PasswordPolicy.DEFAULT_MAXIMUM_LENGTH, false, false, false, false, null, null));
	}

	@Test
	void aTokenTheCoreRefusesIsTheInvalidLinkPage() throws Exception {
		willThrow(mock(InvalidResetTokenException.class)).given(this.resets).confirm(any(), any(), any());
		MockHttpServletResponse response = submit(PASSWORD, PASSWORD);
		assertPage(response, 400);
		assertThat(response.getContentAsString()).contains("This reset link is invalid or has expired");
	}

	@Test
	void anUnknownTokenIsTheInvalidLinkPageWithoutAskingTheCoreToConfirm() throws Exception {
		given(this.resets.identityStoreOf("unknown")).willReturn(Optional.empty());
		MockHttpServletResponse response = this.mvc.post()
			.uri(ResetPasswordPageController.PATH)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("token=unknown&password=" + PASSWORD + "&confirmation=" + PASSWORD)
			.exchange()
			.getResponse();
		assertPage(response, 400);
		assertThat(response.getContentAsString()).contains("This reset link is invalid or has expired");
	}

	@Test
	void aRejectedPasswordIsTheFormAgainWithThePolicysSentencesAndNotThePassword() throws Exception {
		PasswordRejectedException rejected = mock(PasswordRejectedException.class);
		given(rejected.reasons()).willReturn(List.of("Password is too common."));
		given(rejected.getMessage()).willReturn("leaked " + PASSWORD);
		willThrow(rejected).given(this.resets).confirm(any(), any(), any());
		MockHttpServletResponse response = submit(PASSWORD, PASSWORD);
		assertPage(response, 400);
		assertThat(response.getContentAsString()).contains("The password was not changed", "Password is too common.")
			.doesNotContain(PASSWORD, "leaked");
	}

	@Test
	void twoDifferentPasswordsAreRefusedBeforeTheCore() throws Exception {
		MockHttpServletResponse response = submit(PASSWORD, PASSWORD + "x");
		assertPage(response, 400);
		assertThat(response.getContentAsString()).contains("The two passwords do not match.").doesNotContain(PASSWORD);
	}

	@Test
	void aBusyCoreIsA503WithRetryAfterAndTheFormAgain() throws Exception {
		HashingBusyException busy = mock(HashingBusyException.class);
		given(busy.retryAfter()).willReturn(Duration.ofMillis(1500));
		willThrow(busy).given(this.resets).confirm(any(), any(), any());
		MockHttpServletResponse response = submit(PASSWORD, PASSWORD);
		assertPage(response, 503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
		assertThat(response.getContentAsString()).contains("send the form again in 2 seconds").doesNotContain(PASSWORD);
	}

	private MockHttpServletResponse submit(String password, String confirmation) {
		return this.mvc.post()
			.uri(ResetPasswordPageController.PATH)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("token=" + TOKEN + "&password=" + password + "&confirmation=" + confirmation)
			.exchange()
			.getResponse();
	}

	private static void assertPage(MockHttpServletResponse response, int status) {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).startsWith(MediaType.TEXT_HTML_VALUE);
		assertThat(response.getHeader("Cache-Control")).contains("no-store");
		assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(ResetPasswordPages.CONTENT_SECURITY_POLICY);
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

}
