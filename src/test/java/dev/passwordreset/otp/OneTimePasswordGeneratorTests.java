package dev.passwordreset.otp;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codes are decimal digits of the configured length, every digit in use; correlation ids
 * are 128 random bits.
 */
class OneTimePasswordGeneratorTests {

	private final OneTimePasswordGenerator generator = new OneTimePasswordGenerator();

	@Test
	void codesAreDigitsOfTheConfiguredLength() {
		for (int length = 6; length <= 10; length++) {
			assertThat(this.generator.code(length)).matches("[0-9]{" + length + "}");
		}
	}

	@Test
	void everyDigitAppearsInEveryPosition() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			String code = this.generator.code(6);
			for (int position = 0; position < 6; position++) {
				seen.add(position + ":" + code.charAt(position));
			}
		}
		assertThat(seen).hasSize(60);
	}

	@Test
	void correlationIdsAre128RandomBitsInHex() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			ids.add(this.generator.correlationId());
		}
		assertThat(ids).hasSize(1000).allMatch((id) -> id.matches("[0-9a-f]{32}"));
	}

}
