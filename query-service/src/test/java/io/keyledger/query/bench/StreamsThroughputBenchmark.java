package io.keyledger.query.bench;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.anomalies.AnomalyRules;
import io.keyledger.query.anomalies.AnomalyTopology;
import io.keyledger.query.attempts.AttemptStreams;
import io.keyledger.query.attempts.AttemptTopology;
import io.keyledger.query.attempts.StreamsProperties;
import org.springframework.util.unit.DataSize;
import io.keyledger.query.attempts.JsonSerde;
import io.keyledger.query.usage.UsageTopology;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Attempts per second through the attempt topology on a real KRaft broker (in this JVM): the
 * attempts are produced first, then the topology starts and the clock runs from RUNNING until
 * its committed offsets reach the end of {@code auth-attempts}. Broker, producer and streams
 * share this machine's cores.
 *
 * <p>Arguments: attempts (default 1,000,000), keys (10,000), processing guarantee
 * ({@code exactly_once_v2}), stream threads (2), partitions (4), rounds (1). Each round after the
 * first pauses the topology, produces as many attempts again (later in event time), resumes it and
 * measures again: the JVM is warm by then, so those rounds show the steady state, the first one
 * includes the JIT compiling the code. Run: see query-service/README.md.
 */
public final class StreamsThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String guarantee = args.length > 2 ? args[2] : StreamsConfig.EXACTLY_ONCE_V2;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int partitions = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;

        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, partitions);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        kafka.afterPropertiesSet();
        String brokers = kafka.getBrokersAsString();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(AuthAttempt.TOPIC, partitions, (short) 1),
                    new NewTopic(UsageTopology.OUTPUT_TOPIC, partitions, (short) 1),
                    new NewTopic(AnomalyTopology.OUTPUT_TOPIC, partitions, (short) 1))).all().get();

            produce(brokers, attempts, keys, 0);

            // the service's own settings (application.yml defaults), bar the guarantee and threads asked for
            Properties config = AttemptStreams.config(new StreamsProperties("throughput-benchmark", guarantee,
                    Files.createTempDirectory("streams-benchmark").toString(), 1, partitions, Duration.ofSeconds(1),
                    DataSize.ofMegabytes(64), threads), brokers);
            try (KafkaStreams streams = new KafkaStreams(AttemptTopology.build(AnomalyRules.defaults()), config)) {
                streams.start();
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    Thread.sleep(10);
                }
                for (int round = 1; round <= rounds; round++) {
                    if (round > 1) {
                        streams.pause();
                        produce(brokers, attempts, keys, (round - 1) * (long) attempts);
                        streams.resume();
                    }
                    measure(admin, endOffsets(admin, partitions), round, attempts, keys, guarantee, threads, partitions);
                }
            }
        } finally {
            kafka.destroy();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, int partitions) throws Exception {
        return admin.listOffsets(partitionsOf(partitions).stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static void measure(Admin admin, Map<TopicPartition, Long> end, int round, int attempts, int keys,
                                String guarantee, int threads, int partitions) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long streamCpu0 = streamThreadsCpuTime();
        long t0 = System.nanoTime();
        while (!caughtUp(admin, end)) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        double streamCpuSeconds = (streamThreadsCpuTime() - streamCpu0) / 1e9;
        System.out.printf("round %d: topology on a real broker (%s, %d stream threads, %d partitions): %,d attempts over %,d keys"
                        + " in %.2f s = %,.0f attempts/s; process CPU (streams + broker + JIT) %.1f s = %,.0f attempts per"
                        + " CPU-second; stream threads' CPU %.1f s = %,.0f attempts per stream-thread CPU-second;"
                        + " load average %.1f%n",
                round, guarantee, threads, partitions, attempts, keys, seconds, attempts / seconds, cpuSeconds,
                attempts / cpuSeconds, streamCpuSeconds, attempts / streamCpuSeconds, os.getSystemLoadAverage());
    }

    /** CPU time of the Kafka Streams threads alone: the topology's own cost, without the broker's or the JIT's. */
    private static long streamThreadsCpuTime() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches(".*-StreamThread-\\d+"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
                .sum();
    }

    private static boolean caughtUp(Admin admin, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("throughput-benchmark")
                .partitionsToOffsetAndMetadata().get();
        return end.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata offset = committed.get(e.getKey());
            return offset != null && offset.offset() >= e.getValue();
        });
    }

    private static List<TopicPartition> partitionsOf(int partitions) {
        return java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(AuthAttempt.TOPIC, p)).toList();
    }

    /** {@code n} attempts, 100 per millisecond of event time from attempt number {@code first} on. */
    private static void produce(String brokers, int n, int keys, long first) throws Exception {
        long p0 = System.nanoTime();
        Random random = new Random(3);
        long start = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                long at = start + (first + i) / 100;
                AuthAttempt attempt = BenchAttempts.next(random, keys, at);
                producer.send(new ProducerRecord<>(AuthAttempt.TOPIC, null, at, BenchAttempts.recordKey(attempt),
                        JsonSerde.MAPPER.writeValueAsBytes(attempt)));
            }
            producer.flush();
        }
        System.out.printf("produced %,d attempts in %.1f s%n", n, (System.nanoTime() - p0) / 1e9);
    }

    /** A key is used from its own /24, and from a random network one attempt in a hundred. */
}
