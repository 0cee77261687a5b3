package dev.passwordreset.api;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits of both API faces.
 *
 * @param maxRequestBodySize the largest request body accepted; 64KB by default, far above
 * any legitimate request of these APIs
 */
@Validated
@ConfigurationProperties("reset.http")
record HttpProperties(@NotNull @DefaultValue("64KB") DataSize maxRequestBodySize) {
}
