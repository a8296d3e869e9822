package io.keyledger.query.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader must read every record exactly as Jackson's data binding does. */
class AttemptSerdeTest {

    final AttemptSerde serde = new AttemptSerde();
    final JsonSerde<AuthAttempt> json = new JsonSerde<>(AuthAttempt.class);

    @Test
    void readsWrittenAttemptsAsDataBindingDoes() {
        Random random = new Random(5);
        VerificationCode[] codes = VerificationCode.values();
        for (int i = 0; i < 2_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(4) == 0 ? 0
                    : random.nextBoolean() ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
            AuthAttempt attempt = new AuthAttempt("a-" + i, random.nextBoolean() ? "k" + i : null, "kl_live_" + i,
                    random.nextBoolean() ? "org" : null, random.nextInt(8) == 0 ? null : codes[random.nextInt(codes.length)],
                    random.nextBoolean() ? "a:read,b:write" : null, random.nextBoolean() ? "10.0.0." + i : null,
                    "agent \"quoted\" é", random.nextInt(8) == 0 ? null : at, random.nextLong(),
                    random.nextBoolean() ? "https://app.example.com/x" : null,
                    random.nextInt(3) == 0 ? null : random.nextBoolean() ? AuthAttempt.CURRENT_SECRET : AuthAttempt.PREVIOUS_SECRET);
            byte[] bytes = json.serialize("t", attempt);
            assertThat(serde.deserialize("t", bytes)).isEqualTo(attempt).isEqualTo(json.deserialize("t", bytes));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"key_id\":\"k\",\"code\":\"valid\",\"timestamp\":\"2026-03-10T12:00:10Z\"}",
            "{\"key_id\":\"k\",\"code\":\"VALID\",\"timestamp\":\"2026-03-10T13:00:10+01:00\"}",
            "{\"key_id\":\"k\",\"code\":\"VALID\",\"timestamp\":\"2026-03-10T12:00:10.5Z\",\"latency_micros\":\"7\"}",
            "{\"key_id\":\"k\",\"code\":\"VALID\",\"timestamp\":1773144010.250}",
            "{\"key_id\":\"k\",\"code\":\"VALID\",\"timestamp\":\"+12026-03-10T12:00:10Z\"}",
            "{\"key_id\":17,\"ip\":true,\"code\":\"FORBIDDEN\",\"latency_micros\":3.0,\"timestamp\":null}",
            "{\"extra\":{\"nested\":[1,{\"code\":\"x\"}]},\"key_id\":\"k\",\"code\":\"VALID\",\"more\":[]}",
            "{}",
            "null"})
    void readsOtherShapesAsDataBindingDoes(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(json.deserialize("t", bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"key_id\":\"k\",\"code\":\"NO_SUCH_CODE\"}",
            "{\"key_id\":\"k\",\"timestamp\":\"2026-02-30T12:00:10Z\"}",
            "{\"key_id\":\"k\",\"timestamp\":\"2026-03-10T24:00:10Z\"}",
            "{\"key_id\":[\"k\"]}",
            "{\"key_id\":\"k\"",
            "not json"})
    void refusesWhatDataBindingRefuses(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.deserialize("t", bytes)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserialize("t", bytes)).isInstanceOf(SerializationException.class);
    }
}
