package io.keyledger.query.projections;

import io.keyledger.support.auth.CallerDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Ready means the read model says what the event store says: every projection of this service
 * (and the caller directory that authenticates its API) has caught up with the head of the
 * event stream. A replay started by a rebuild does not make the service unready: it keeps
 * answering from the documents it has.
 */
class ProjectionHealth implements HealthIndicator {

    /**
     * How far behind the head a processor may be and still count as caught up. Axon's own flag
     * only turns true once a processor finds the stream empty, which a processor that handles
     * none of the arriving events (organizations, while keys are created) may not see for as
     * long as the traffic goes on (FINDINGS 7 and 14).
     */
    static final long CAUGHT_UP_LAG = 100;

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilds rebuilds;

    ProjectionHealth(EventProcessingConfiguration processing, ProjectionRebuilds rebuilds) {
        this.processing = processing;
        this.rebuilds = rebuilds;
    }

    @Override
    public Health health() {
        List<String> names = new ArrayList<>(Projections.ALL);
        names.add(CallerDirectory.PROCESSING_GROUP);
        Map<String, Object> details = new LinkedHashMap<>();
        long head = rebuilds.headPosition();
        boolean ready = true;
        for (String name : names) {
            Optional<TrackingEventProcessor> processor = processing.eventProcessor(name, TrackingEventProcessor.class);
            boolean caughtUp = processor.map(p -> caughtUp(p, head)).orElse(false);
            boolean rebuilding = rebuilds.isRebuilding(name, head);
            details.put(name, caughtUp ? "caught up" : rebuilding ? "rebuilding" : "catching up");
            ready &= caughtUp || rebuilding;
        }
        return (ready ? Health.up() : Health.down()).withDetails(details).build();
    }

    static boolean caughtUp(TrackingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        return processor.isRunning() && !status.isEmpty()
                && status.values().stream().allMatch(s -> !s.isErrorState()
                && (s.isCaughtUp() || s.getCurrentPosition().orElse(-1) >= head - CAUGHT_UP_LAG));
    }
}
