package io.keyledger.query.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc3339InstantsTest {

    @Test
    void readsUtcTimestampsAsInstantParseDoes() {
        for (String text : new String[] {"2026-03-10T12:00:05Z", "2026-03-10T12:00:05.1Z", "2026-03-10T12:00:05.123Z",
                "2026-03-10T12:00:05.123456Z", "2026-03-10T12:00:05.123456789Z", "1969-12-31T23:59:59.999Z",
                "2024-02-29T00:00:00Z"}) {
            assertThat(Rfc3339Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormToJackson() {
        for (String text : new String[] {"2026-03-10T12:00:05+01:00", "2026-03-10T12:00:05.Z", "2026-02-30T12:00:05Z",
                "2026-03-10T24:00:05Z", "2026-03-10 12:00:05Z", "2026-03-10T12:00:5xZ", "2026-03-10T12:00:05.1234567890Z"}) {
            assertThat(Rfc3339Instants.parse(text)).as(text).isNull();
        }
    }

    @Test
    void theAttemptSerdeUsesItAndStillReadsOffsets() {
        JsonSerde<AuthAttempt> serde = new JsonSerde<>(AuthAttempt.class);
        assertThat(serde.deserialize("t", "{\"code\":\"VALID\",\"timestamp\":\"2026-03-10T12:00:05.250Z\"}".getBytes())
                .timestamp()).isEqualTo(Instant.parse("2026-03-10T12:00:05.250Z"));
        assertThat(serde.deserialize("t", "{\"code\":\"VALID\",\"timestamp\":\"2026-03-10T13:00:05+01:00\"}".getBytes())
                .timestamp()).isEqualTo(Instant.parse("2026-03-10T12:00:05Z"));
    }
}
