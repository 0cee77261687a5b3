package dev.passwordreset;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the embedded default keeps its state: the H2 database, the generated master key,
 * the bootstrap credentials and (later) the mail files.
 *
 * @param dataDir the directory, ./data by default; created on demand
 */
@Validated
@ConfigurationProperties("reset")
public record DataDirectory(@NotNull @DefaultValue("./data") Path dataDir) {

	public Path resolve(String fileName) {
		return this.dataDir.resolve(fileName);
	}

}
