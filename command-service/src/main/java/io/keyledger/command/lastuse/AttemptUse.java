package io.keyledger.command.lastuse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The two fields of an {@code auth-attempts} record this service needs: {@code key_id} and
 * {@code timestamp}. Read with the streaming parser, bounded (records over 8 KiB, nesting, odd
 * types, unknown ids and instants outside 1970..9999 are skipped, never thrown), because the
 * topic is written by another service and a bad record must not stop the consumer.
 */
record AttemptUse(String keyId, Instant at) {

    static final int MAX_RECORD_BYTES = 8 * 1024;
    private static final Pattern KEY_ID = Pattern.compile("key_[A-Za-z0-9_]{1,64}");
    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1024).build())
            .build();

    /** The use an attempt record tells, or {@code null} when it tells none (no key, unreadable). */
    static AttemptUse parse(byte[] record) {
        if (record == null || record.length == 0 || record.length > MAX_RECORD_BYTES) {
            return null;
        }
        String keyId = null;
        String timestamp = null;
        try (JsonParser parser = JSON.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_STRING && "key_id".equals(name)) {
                    keyId = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && "timestamp".equals(name)) {
                    timestamp = parser.getText();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        if (keyId == null || timestamp == null || !KEY_ID.matcher(keyId).matches()) {
            return null;
        }
        try {
            Instant at = Instant.parse(timestamp);
            return at.isBefore(MIN) || at.isAfter(MAX) ? null : new AttemptUse(keyId, at);
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
