package io.keyledger.query.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.query.attempts.JsonSerde;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written {@link UsageAggregate} JSON must be the JSON data binding writes. */
class AggregateWriterTest {

    final AggregateWriter writer = new AggregateWriter();
    final JsonSerde<UsageAggregate> json = new JsonSerde<>(UsageAggregate.class);

    @Test
    void writesWhatDataBindingWrites() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            Map<String, Long> byCode = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                byCode.put("VALID", random.nextLong());
                byCode.put("FORBIDDEN", (long) random.nextInt(9));
            }
            UsageAggregate aggregate = new UsageAggregate("key|k\"" + i + "|minute|" + i, "key", "k\"é" + i, "minute",
                    time(random), time(random), random.nextLong(), random.nextInt(), -random.nextInt(),
                    random.nextInt(10) == 0 ? null : byCode, random.nextInt(5) == 0 ? null : time(random));
            byte[] written = writer.serialize("t", aggregate);
            assertThat(JsonSerde.MAPPER.readTree(written))
                    .isEqualTo(JsonSerde.MAPPER.readTree(json.serialize("t", aggregate)));
            assertThat(json.deserialize("t", written)).isEqualTo(aggregate);
        }
    }

    @Test
    void formatsTimesAsInstantDoes() {
        Random random = new Random(13);
        long[] edges = {0, 1, -1, 999, 1000, 59_999, 60_000, 86_399_999, -62_167_219_200_000L, -62_167_219_200_001L,
                253_402_300_799_999L, 253_402_300_800_000L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long millis : edges) {
            Instant at = Instant.ofEpochMilli(millis);
            assertThat(AggregateWriter.format(at)).isEqualTo(at.toString());
        }
        for (Instant at : new Instant[] {Instant.MAX, Instant.MIN, Instant.MAX.minusNanos(999_999_999)}) {
            assertThat(AggregateWriter.format(at)).isEqualTo(at.toString());
        }
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong() % 300_000_000_000_000L);
            assertThat(AggregateWriter.format(at)).isEqualTo(at.toString());
            Instant whole = Instant.ofEpochSecond(at.getEpochSecond());
            assertThat(AggregateWriter.format(whole)).isEqualTo(whole.toString());
            Instant nanos = at.plusNanos(random.nextInt(1_000_000));
            assertThat(AggregateWriter.format(nanos)).isEqualTo(nanos.toString());
        }
    }

    private static Instant time(Random random) {
        return Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000) * (random.nextBoolean() ? 1000L : 1L));
    }
}
