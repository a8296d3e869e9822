package io.keyledger.query.attempts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@code auth-attempts} records, read once per attempt by the pipeline. Reading them through
 * Jackson's data binding (a record built through its constructor, the time through the JSR-310
 * module) was about a tenth of the stream threads' time, so the usual shape — a JSON object of
 * strings, nulls, a code spelled as the enum and an RFC 3339 UTC time as {@link JsonSerde} writes
 * it — is read field by field from the streaming parser. Any other shape (a code in another
 * case, a time with an offset or as a number, a value of another type) is read by {@link JsonSerde},
 * so what is accepted, coerced or refused is unchanged. Writing is {@link JsonSerde}'s.
 */
public final class AttemptSerde implements Serde<AuthAttempt>, Deserializer<AuthAttempt> {

    private static final JsonSerde<AuthAttempt> JSON = new JsonSerde<>(AuthAttempt.class);

    @Override
    public AuthAttempt deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        AuthAttempt attempt;
        try (JsonParser parser = JsonSerde.MAPPER.getFactory().createParser(data)) {
            attempt = read(parser);
        } catch (IOException e) {
            throw new SerializationException("not a AuthAttempt record on " + topic, e);
        }
        return attempt != null ? attempt : JSON.deserialize(topic, data);
    }

    /** The attempt, or {@code null} when the record is not in the usual shape. */
    private static AuthAttempt read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String attemptId = null;
        String keyId = null;
        String prefix = null;
        String organizationId = null;
        VerificationCode code = null;
        String permission = null;
        String ip = null;
        String userAgent = null;
        String referrer = null;
        String secret = null;
        Instant timestamp = null;
        long latencyMicros = 0;
        JsonToken field;
        while ((field = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "timestamp" -> {
                    timestamp = value == JsonToken.VALUE_STRING ? instant(parser) : null;
                    if (timestamp == null && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case "latency_micros" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        latencyMicros = parser.getLongValue();
                    } else if (value == JsonToken.VALUE_NULL) {
                        latencyMicros = 0;
                    } else {
                        return null;
                    }
                }
                case "code" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        code = null;
                    } else if (value != JsonToken.VALUE_STRING || (code = code(parser.getText())) == null) {
                        return null;
                    }
                }
                case "attempt_id", "key_id", "prefix", "organization_id", "permission", "ip", "user_agent",
                     "referrer", "secret" -> {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    String text = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    switch (name) {
                        case "attempt_id" -> attemptId = text;
                        case "key_id" -> keyId = text;
                        case "prefix" -> prefix = text;
                        case "organization_id" -> organizationId = text;
                        case "permission" -> permission = text;
                        case "ip" -> ip = text;
                        case "referrer" -> referrer = text;
                        case "secret" -> secret = text;
                        default -> userAgent = text;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (field != JsonToken.END_OBJECT) {
            return null;
        }
        return new AuthAttempt(attemptId, keyId, prefix, organizationId, code, permission, ip, userAgent,
                timestamp, latencyMicros, referrer, secret);
    }

    private static VerificationCode code(String name) {
        for (VerificationCode code : VerificationCode.values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} read without a formatter, or {@code null} for any
     * other text (an offset, a leap second, a year beyond four digits, ...).
     */
    private static Instant instant(JsonParser parser) throws IOException {
        char[] chars = parser.getTextCharacters();
        int at = parser.getTextOffset();
        int length = parser.getTextLength();
        if (length < 20 || length == 21 || length > 30 || chars[at + length - 1] != 'Z'
                || chars[at + 4] != '-' || chars[at + 7] != '-' || chars[at + 10] != 'T'
                || chars[at + 13] != ':' || chars[at + 16] != ':' || (length > 20 && chars[at + 19] != '.')) {
            return null;
        }
        int year = digits(chars, at, 4);
        int month = digits(chars, at + 5, 2);
        int day = digits(chars, at + 8, 2);
        int hour = digits(chars, at + 11, 2);
        int minute = digits(chars, at + 14, 2);
        int second = digits(chars, at + 17, 2);
        int fraction = length > 20 ? digits(chars, at + 20, length - 21) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        for (int i = length - 21; i < 9; i++) {
            fraction *= 10;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, fraction);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} digits from {@code from}, -1 if one is not a digit. */
    private static int digits(char[] chars, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<AuthAttempt> serializer() {
        return JSON;
    }

    @Override
    public Deserializer<AuthAttempt> deserializer() {
        return this;
    }
}
