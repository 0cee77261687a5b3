package dev.passwordreset.sms;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The gateway, when {@code reset.sms.gateway-url} is set and not empty; without it there
 * is no SMS.
 */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

	@Bean
	@Conditional(GatewayConfigured.class)
	SmsGateway smsGateway(SmsProperties properties) {
		return new SmsGateway(properties);
	}

	/**
	 * As {@link SmsProperties#enabled()}: an empty URL, as an environment variable may
	 * leave it, is none.
	 */
	static final class GatewayConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("reset.sms.gateway-url");
			return url != null && !url.isEmpty();
		}

	}

}
