package dev.passwordreset.api;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ContainerErrorReportValve} in place of the error report valve that Tomcat
 * and Spring Boot install on the host. It runs after Boot's own customizer, which adds
 * one.
 */
@Component
class ContainerErrorReportCustomizer
		implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final ObjectProvider<ErrorPageRenderer> renderers;

	ContainerErrorReportCustomizer(ObjectProvider<ErrorPageRenderer> renderers) {
		this.renderers = renderers;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new ContainerErrorReportValve(this.renderers));
				// Otherwise the host adds Tomcat's valve again when it starts.
				host.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
