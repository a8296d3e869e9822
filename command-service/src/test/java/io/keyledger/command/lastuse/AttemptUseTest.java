package io.keyledger.command.lastuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What an auth-attempts record tells about a key's use: a table of accepted and skipped records. */
class AttemptUseTest {

    private static AttemptUse parse(String json) {
        return AttemptUse.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theValidatorsRecordTellsKeyAndTime() {
        assertThat(parse("""
                {"attempt_id":"a1","key_id":"key_abc","prefix":"kl_live_AbCd","organization_id":"default",
                 "code":"VALID","permission":null,"ip":"127.0.0.1","user_agent":"x",
                 "timestamp":"2026-12-07T06:00:00.123Z","latency_micros":12}"""))
                .isEqualTo(new AttemptUse("key_abc", Instant.parse("2026-12-07T06:00:00.123Z")));
    }

    @Test
    void nestedValuesAreSkippedNotRead() {
        assertThat(parse("{\"extra\":{\"key_id\":\"key_inner\"},\"key_id\":\"key_outer\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"))
                .isEqualTo(new AttemptUse("key_outer", Instant.parse("2026-01-01T00:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "null",
            "[]",
            "{\"key_id\":null,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"prefix\":\"kl_live_AbCd\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"key_id\":\"key_a\"}",
            "{\"key_id\":\"key_a\",\"timestamp\":12}",
            "{\"key_id\":\"key_a\",\"timestamp\":\"yesterday\"}",
            "{\"key_id\":\"key_a\",\"timestamp\":\"+100000-01-01T00:00:00Z\"}",
            "{\"key_id\":\"key_a\",\"timestamp\":\"1969-12-31T23:59:59Z\"}",
            "{\"key_id\":\"not a key\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
            "{\"key_id\":\"key_a\",\"timestamp\":\"2026-01-01T00:00:00Z\"",
            "{\"key_id\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]],\"timestamp\":\"2026-01-01T00:00:00Z\"}"})
    void recordsThatTellNoUseAreSkipped(String json) {
        assertThat(parse(json)).isNull();
    }

    @Test
    void oversizedRecordsAreSkipped() {
        String padded = "{\"key_id\":\"key_a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"p\":\"" + "x".repeat(9000) + "\"}";
        assertThat(parse(padded)).isNull();
        assertThat(AttemptUse.parse(null)).isNull();
    }
}
