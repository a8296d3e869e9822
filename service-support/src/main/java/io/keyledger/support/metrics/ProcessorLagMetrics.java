package io.keyledger.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * How far each streaming (tracking or pooled) processor is behind the head of the event store:
 * {@code keyledger.processor.lag.events{group}} — events appended that the processor has not
 * reached (head index minus the lowest position of its segments) — and
 * {@code keyledger.processor.lag.seconds{group}} — the age of the oldest event it has not reached
 * (0 when caught up). Both are computed when scraped, not per event: the head is asked once a
 * second at most ({@code createHeadToken}), the age only while a processor is behind, with one
 * indexed query on the JDBC event store ({@code domain_event_entry}); with Axon Server the age is
 * not available (NaN) and the event count is.
 *
 * <p>NaN while a processor has no position yet (it has not claimed a segment, or replays from
 * the first event with no token). Registered once the application has started, when Axon has
 * built its processors.
 */
public class ProcessorLagMetrics implements ApplicationListener<ApplicationStartedEvent> {

    public static final String EVENTS = "keyledger.processor.lag.events";
    public static final String SECONDS = "keyledger.processor.lag.seconds";

    private static final Logger log = LoggerFactory.getLogger(ProcessorLagMetrics.class);
    private static final String OLDEST_AFTER = "SELECT time_stamp FROM domain_event_entry WHERE global_index > ?"
            + " ORDER BY global_index FETCH FIRST 1 ROWS ONLY";
    private static final long HEAD_CACHE_NANOS = 1_000_000_000L;

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<MeterRegistry> registry;
    /** The JDBC event store, or null (Axon Server). */
    private final DataSource dataSource;
    private final LongSupplier nanoTime;

    private volatile long headPosition = -1;
    private volatile long headAt;

    public ProcessorLagMetrics(ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<EventStore> eventStore,
                               ObjectProvider<MeterRegistry> registry, DataSource dataSource) {
        this(processing, eventStore, registry, dataSource, System::nanoTime);
    }

    ProcessorLagMetrics(ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<EventStore> eventStore,
                        ObjectProvider<MeterRegistry> registry, DataSource dataSource, LongSupplier nanoTime) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.registry = registry;
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        MeterRegistry meters = registry.getIfAvailable();
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (meters == null || config == null || eventStore.getIfAvailable() == null) {
            return;
        }
        config.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(EVENTS, streaming, this::eventsBehind).tag("group", name)
                        .description("events in the event store the processing group has not reached").register(meters);
                Gauge.builder(SECONDS, streaming, this::secondsBehind).tag("group", name).baseUnit("seconds")
                        .description("age of the oldest event the processing group has not reached (0: caught up)")
                        .register(meters);
            }
        });
    }

    double eventsBehind(StreamingEventProcessor processor) {
        OptionalLong position = position(processor);
        long head = head();
        if (position.isEmpty() || head < 0) {
            return Double.NaN;
        }
        return Math.max(0, head - position.getAsLong());
    }

    double secondsBehind(StreamingEventProcessor processor) {
        OptionalLong position = position(processor);
        if (position.isEmpty()) {
            return Double.NaN;
        }
        long head = head();
        if (head >= 0 && head <= position.getAsLong()) {
            return 0;
        }
        if (dataSource == null) {
            return Double.NaN;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement oldest = c.prepareStatement(OLDEST_AFTER)) {
            oldest.setLong(1, position.getAsLong());
            try (ResultSet row = oldest.executeQuery()) {
                if (!row.next()) {
                    return 0;
                }
                Instant appended = Instant.parse(row.getString(1));
                return Math.max(0, (System.currentTimeMillis() - appended.toEpochMilli()) / 1000.0);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("processor lag: cannot read the oldest unprocessed event: {}", e.toString());
            return Double.NaN;
        }
    }

    /** The lowest position over the processor's segments: everything after it may still be unprocessed. */
    static OptionalLong position(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            OptionalLong current = segment.getCurrentPosition();
            if (current.isEmpty()) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, current.getAsLong());
        }
        return OptionalLong.of(lowest);
    }

    /** The head's position, asked at most once a second; -1 when unknown. */
    long head() {
        long now = nanoTime.getAsLong();
        if (headPosition >= 0 && now - headAt < HEAD_CACHE_NANOS) {
            return headPosition;
        }
        try {
            TrackingToken token = eventStore.getObject().createHeadToken();
            headPosition = token == null ? 0 : token.position().orElse(-1);
            headAt = now;
        } catch (RuntimeException e) {
            log.debug("processor lag: cannot read the head of the event store: {}", e.toString());
            return -1;
        }
        return headPosition;
    }
}
