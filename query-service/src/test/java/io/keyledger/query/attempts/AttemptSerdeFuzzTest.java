package io.keyledger.query.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyledger.api.attempts.AuthAttempt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Jazzer target for the attempt serde: a record on the attempts topic is whatever a producer
 * wrote. Reading it either gives an attempt, which writes back to an equal one, or throws the
 * {@link SerializationException} Kafka Streams' deserialization handler expects; nothing else.
 */
class AttemptSerdeFuzzTest {

    private static final AttemptSerde SERDE = new AttemptSerde();

    @FuzzTest(maxDuration = "30s")
    void aRecordReadsAsAnAttemptOrASerializationError(FuzzedDataProvider data) {
        byte[] record = data.consumeRemainingAsBytes();
        AuthAttempt attempt;
        try {
            attempt = SERDE.deserialize("attempts", record);
        } catch (SerializationException refused) {
            return;
        }
        if (attempt == null) {
            return;
        }
        byte[] written = SERDE.serializer().serialize("attempts", attempt);
        assertThat(SERDE.deserialize("attempts", written)).isEqualTo(attempt);
    }
}
