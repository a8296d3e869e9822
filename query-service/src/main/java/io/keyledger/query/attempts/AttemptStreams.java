package io.keyledger.query.attempts;

import java.time.Duration;
import java.util.Properties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the attempt topology for the life of the application and reports its state as the
 * {@code kafkaStreams} health contribution: ready once the topology has reached RUNNING (a
 * later rebalance is routine and keeps it ready), down when it failed or stopped.
 */
public class AttemptStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AttemptStreams.class);

    private final Topology topology;
    private final Properties config;
    private volatile KafkaStreams streams;
    private volatile boolean reachedRunning;
    private final MeterRegistry meters;
    private volatile KafkaStreamsMetrics metrics;

    public AttemptStreams(Topology topology, StreamsProperties properties, String bootstrapServers) {
        this(topology, properties, bootstrapServers, null);
    }

    /**
     * @param meters where the topology's own metrics go (Micrometer's {@link KafkaStreamsMetrics}: among them
     *               the consumer's {@code kafka_consumer_fetch_manager_records_lag_max}, the Streams lag), or null
     */
    public AttemptStreams(Topology topology, StreamsProperties properties, String bootstrapServers, MeterRegistry meters) {
        this.topology = topology;
        this.config = config(properties, bootstrapServers);
        this.meters = meters;
    }

    public static Properties config(StreamsProperties properties, String bootstrapServers) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, properties.processingGuarantee());
        config.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, properties.replicationFactor());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis());
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, properties.cacheMaxBytes().toBytes());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.threads());
        // a commit writes the changelog and output records of a whole commit interval at once: in
        // batches of 512 KB rather than 16 KB they take far fewer produce requests and log appends
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 512 * 1024);
        // a record that is not an AuthAttempt is logged and skipped, it must not stop the counting
        config.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        return config;
    }

    @Override
    public void start() {
        KafkaStreams created = new KafkaStreams(topology, config);
        created.setStateListener((next, previous) -> {
            log.info("attempt pipeline: {} -> {}", previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
            }
        });
        created.setUncaughtExceptionHandler(e -> {
            log.error("attempt pipeline thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        if (meters != null) {
            // Prometheus wants one set of tag keys per name: the listeners' consumers (Spring Kafka's
            // MicrometerConsumerListener) register kafka_consumer_* with spring_id, so the topology's do too,
            // or theirs (the Streams lag among them) would be dropped
            KafkaStreamsMetrics bound = new KafkaStreamsMetrics(created,
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("spring_id", "attemptStreams")));
            bound.bindTo(meters);
            metrics = bound;
        }
        created.start();
        streams = created;
    }

    @Override
    public void stop() {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(Duration.ofSeconds(10));
            streams = null;
        }
        KafkaStreamsMetrics bound = metrics;
        if (bound != null) {
            bound.close();
            metrics = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /**
     * A store of the running topology for interactive queries.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the topology is not running
     *         (starting, rebalancing, stopped)
     */
    public <T> T store(org.apache.kafka.streams.StoreQueryParameters<T> parameters) {
        KafkaStreams current = streams;
        if (current == null) {
            throw new org.apache.kafka.streams.errors.StreamsNotStartedException("the attempt pipeline is not running");
        }
        return current.store(parameters);
    }

    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    @Override
    public Health health() {
        KafkaStreams.State state = state();
        boolean up = state == KafkaStreams.State.RUNNING || (state == KafkaStreams.State.REBALANCING && reachedRunning);
        return (up ? Health.up() : Health.down()).withDetail("state", state.name()).build();
    }
}
