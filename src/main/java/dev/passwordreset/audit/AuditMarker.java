package dev.passwordreset.audit;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page ended: the last event's (occurred_at, id), which is where the next page
 * starts, as opaque base64url text. Anything that does not decode is refused rather than
 * silently restarting the listing.
 */
record AuditMarker(Instant occurredAt, long id) {

	private static final Pattern FORM = Pattern.compile("(-?[0-9]{1,19})\\.([0-9]{1,9}):([0-9]{1,19})");

	String encode() {
		String key = this.occurredAt.getEpochSecond() + "." + this.occurredAt.getNano() + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.US_ASCII));
	}

	static AuditMarker decode(String marker) {
		try {
			Matcher key = FORM.matcher(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.US_ASCII));
			if (!key.matches()) {
				throw invalid();
			}
			return new AuditMarker(Instant.ofEpochSecond(Long.parseLong(key.group(1)), Long.parseLong(key.group(2))),
					Long.parseLong(key.group(3)));
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			throw invalid();
		}
	}

	private static InvalidAuditQueryException invalid() {
		return new InvalidAuditQueryException("marker", "is not a marker returned by this API");
	}

}
