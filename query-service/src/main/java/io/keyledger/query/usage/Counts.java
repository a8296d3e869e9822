package io.keyledger.query.usage;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Attempts in one window, by verification code, and the time of the latest. Kept as a fixed
 * array of longs with a binary serde: the window stores read and write one per attempt, and
 * JSON there would cost more than the counting.
 */
final class Counts {

    private static final VerificationCode[] CODES = VerificationCode.values();
    private static final int SIZE = (CODES.length + 1) * Long.BYTES;

    final long[] byCode;
    long lastAt;

    Counts() {
        this(new long[CODES.length], 0);
    }

    private Counts(long[] byCode, long lastAt) {
        this.byCode = byCode;
        this.lastAt = lastAt;
    }

    Counts add(AuthAttempt attempt, long timestamp) {
        byCode[attempt.code().ordinal()]++;
        lastAt = Math.max(lastAt, timestamp);
        return this;
    }

    Counts add(Counts other) {
        for (int i = 0; i < byCode.length; i++) {
            byCode[i] += other.byCode[i];
        }
        lastAt = Math.max(lastAt, other.lastAt);
        return this;
    }

    long requests() {
        long sum = 0;
        for (long n : byCode) {
            sum += n;
        }
        return sum;
    }

    long allowed() {
        return byCode[VerificationCode.VALID.ordinal()];
    }

    Map<String, Long> byCodeMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (VerificationCode code : CODES) {
            if (byCode[code.ordinal()] > 0) {
                map.put(code.name(), byCode[code.ordinal()]);
            }
        }
        return map;
    }

    static final Serde<Counts> SERDE = Serdes.serdeFrom(
            (Serializer<Counts>) (topic, counts) -> {
                if (counts == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.allocate(SIZE);
                for (long n : counts.byCode) {
                    buffer.putLong(n);
                }
                return buffer.putLong(counts.lastAt).array();
            },
            (Deserializer<Counts>) (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long[] byCode = new long[CODES.length];
                // a store written before a code was added holds fewer longs: the new code counts 0
                int stored = bytes.length / Long.BYTES - 1;
                for (int i = 0; i < stored && i < byCode.length; i++) {
                    byCode[i] = buffer.getLong(i * Long.BYTES);
                }
                return new Counts(byCode, buffer.getLong(stored * Long.BYTES));
            });
}
