package io.keyledger.query.attempts;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Gives an attempt without a time the time of its record, the one {@link AttemptTimestampExtractor}
 * chose for it, so that every window and rule downstream can take the time from the attempt.
 */
final class StampedAttempts implements FixedKeyProcessor<String, AuthAttempt, AuthAttempt> {

    private FixedKeyProcessorContext<String, AuthAttempt> context;

    @Override
    public void init(FixedKeyProcessorContext<String, AuthAttempt> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, AuthAttempt> record) {
        AuthAttempt a = record.value();
        context.forward(a.timestamp() != null ? record : record.withValue(new AuthAttempt(a.attemptId(), a.keyId(),
                a.prefix(), a.organizationId(), a.code(), a.permission(), a.ip(), a.userAgent(),
                Instant.ofEpochMilli(record.timestamp()), a.latencyMicros(), a.referrer(), a.secret())));
    }
}
