package io.keyledger.query.bench;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.anomalies.AnomalyTopology;
import io.keyledger.query.attempts.AttemptTopology;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.usage.UsageTopology;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Attempts per second through the whole attempt topology (usage counts per key and organization
 * in three intervals, and every anomaly rule) in a {@link TopologyTestDriver}: one thread, no
 * broker, so it measures the topology's own cost, not Kafka's. Input records are serialized
 * JSON, prepared before the clock starts; reading the outputs is inside the measurement.
 *
 * <p>Run: see query-service/README.md ("Benchmarks").
 */
public final class TopologyThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int warmup = Math.max(attempts / 5, 1);

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-benchmark");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("topology-benchmark").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(AttemptTopology.build(AnomalyRules.defaults()), config)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic(AuthAttempt.TOPIC,
                    new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> usage = driver.createOutputTopic(UsageTopology.OUTPUT_TOPIC,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> anomalies = driver.createOutputTopic(AnomalyTopology.OUTPUT_TOPIC,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            long start = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli();
            Batch warm = batch(warmup, keys, start, 1);
            run(input, usage, anomalies, warm);
            Batch measured = batch(attempts, keys, start + warmup / 10 + 1, 2);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long outputs = run(input, usage, anomalies, measured);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // on a shared machine the wall clock includes other processes' turns; CPU time is this thread's own work
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("topology (TopologyTestDriver, 1 thread): %,d attempts over %,d keys: wall %.2f s = %,.0f attempts/s;"
                            + " thread CPU %.2f s = %,.0f attempts per CPU-second (%,d output records)%n",
                    attempts, keys, seconds, attempts / seconds, cpuSeconds, attempts / cpuSeconds, outputs);
        }
    }

    private record Batch(String[] keys, byte[][] values, long[] timestamps) {
    }

    private static long run(TestInputTopic<String, byte[]> input, TestOutputTopic<byte[], byte[]> usage,
                            TestOutputTopic<byte[], byte[]> anomalies, Batch batch) {
        long outputs = 0;
        for (int i = 0; i < batch.values.length; i++) {
            input.pipeInput(batch.keys[i], batch.values[i], batch.timestamps[i]);
            if ((i & 1023) == 1023) {
                outputs += usage.getQueueSize() + anomalies.getQueueSize();
                usage.readRecordsToList();
                anomalies.readRecordsToList();
            }
        }
        outputs += usage.getQueueSize() + anomalies.getQueueSize();
        usage.readRecordsToList();
        anomalies.readRecordsToList();
        return outputs;
    }

    /** A traffic mix: mostly valid, some denials of each kind, IPs from 1,000 networks, 10 attempts per ms. */
    private static Batch batch(int n, int keys, long startMillis, long seed) throws Exception {
        Random random = new Random(seed);
        String[] recordKeys = new String[n];
        byte[][] values = new byte[n][];
        long[] timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            long at = startMillis + i / 10;
            AuthAttempt attempt = BenchAttempts.next(random, keys, at);
            recordKeys[i] = BenchAttempts.recordKey(attempt);
            values[i] = JsonSerde.MAPPER.writeValueAsBytes(attempt);
            timestamps[i] = at;
        }
        return new Batch(recordKeys, values, timestamps);
    }

    /** A key is used from its own /24, and from a random network one attempt in a hundred. */
}
