package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Windows are in the time the verification ran, not the time the record reached the broker:
 * a validator that buffered its records during a broker outage still counts them in the
 * right minute.
 */
public final class AttemptTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof AuthAttempt attempt && attempt.timestamp() != null) {
            return attempt.timestamp().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
