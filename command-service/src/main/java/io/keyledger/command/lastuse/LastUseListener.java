package io.keyledger.command.lastuse;

import io.keyledger.api.attempts.AuthAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code auth-attempts} in batches: the newest attempt per key of a poll, one write per
 * key ({@link LastUse}). Offsets are committed after the write, so a crash replays a batch, which
 * moves nothing back. Records that tell no use are counted ({@code keyledger_last_use_skipped_total}).
 * Off with {@code keyledger.last-use.enabled=false} (KEYLEDGER_LAST_USE_ENABLED).
 */
@Component
class LastUseListener {

    static final String GROUP = "command-service-last-use";

    private final LastUse lastUse;
    private final Counter skipped;

    LastUseListener(LastUse lastUse, MeterRegistry meters) {
        this.lastUse = lastUse;
        this.skipped = Counter.builder("keyledger_last_use_skipped").description(
                "auth-attempts records that told no key use (no key id, unreadable, out of bounds)").register(meters);
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = AuthAttempt.TOPIC, batch = "true",
            autoStartup = "${keyledger.last-use.enabled:true}",
            properties = {
                    "key.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
                    "auto.offset.reset=earliest",
                    "max.poll.records=5000"})
    void on(List<ConsumerRecord<byte[], byte[]>> records) {
        lastUse.record(newestPerKey(records));
    }

    Map<String, Instant> newestPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Instant> newest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            AttemptUse use = AttemptUse.parse(record.value());
            if (use == null) {
                skipped.increment();
                continue;
            }
            newest.merge(use.keyId(), use.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return newest;
    }
}
