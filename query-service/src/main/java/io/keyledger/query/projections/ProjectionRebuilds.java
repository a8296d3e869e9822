package io.keyledger.query.projections;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Rebuilds a projection from the first event while the service keeps answering: the processor
 * stops, its token is reset, and it replays the whole stream, each replayed creation rewriting
 * its document whatever it holds ({@link MongoWrites.Kind#RECREATE}). Progress is the processor's position against the head of the event
 * store, both in global event positions.
 */
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);

    /** What {@code GET /v1/admin/projections/{name}} answers. */
    public record Progress(String name, String status, long processed, long total) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    /** Projections whose reset has been asked for and has not yet been seen replaying. */
    private final Map<String, Boolean> starting = new ConcurrentHashMap<>();

    public ProjectionRebuilds(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public boolean exists(String name) {
        return Projections.ALL.contains(name) && processor(name).isPresent();
    }

    /** Starts a rebuild in the background. */
    public void rebuild(String name) {
        TrackingEventProcessor processor = processor(name)
                .orElseThrow(() -> new IllegalArgumentException("no projection named " + name));
        if (isRebuilding(name)) {
            return;
        }
        starting.put(name, true);
        executor.execute(() -> {
            try {
                processor.shutDown();
                processor.resetTokens();
                processor.start();
                log.info("projection {}: rebuild started from the first event ({} events in the store)",
                        name, headPosition());
            } catch (RuntimeException e) {
                log.error("projection {}: rebuild could not start", name, e);
                if (!processor.isRunning()) {
                    processor.start();
                }
            } finally {
                starting.remove(name);
            }
        });
    }

    /**
     * Whether a rebuild is under way. Axon keeps a processor "replaying" until it handles an event
     * past the position it was reset at, which may not come for a while on a quiet store; a
     * replay that has reached the head is therefore counted as finished.
     */
    public boolean isRebuilding(String name) {
        return isRebuilding(name, headPosition());
    }

    /** The same against a head position the caller has just read. */
    boolean isRebuilding(String name, long head) {
        if (starting.containsKey(name)) {
            return true;
        }
        Optional<TrackingEventProcessor> processor = processor(name);
        if (processor.isEmpty()) {
            return false;
        }
        return processor.get().processingStatus().values().stream().anyMatch(s -> s.isReplaying()
                && s.getCurrentPosition().orElse(-1) < head);
    }

    public Progress progress(String name) {
        TrackingEventProcessor processor = processor(name)
                .orElseThrow(() -> new IllegalArgumentException("no projection named " + name));
        long total = headPosition();
        long processed = processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min().orElse(0);
        String status = isRebuilding(name, total) ? "rebuilding"
                : !processor.isRunning() ? "stopped"
                : processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState) ? "failing"
                : ProjectionHealth.caughtUp(processor, total) ? "up_to_date" : "catching_up";
        return new Progress(name, status, Math.min(processed, total), total);
    }

    /** Rebuild progress in the log while a rebuild runs. */
    @Scheduled(fixedDelayString = "${keyledger.projections.progress-log-interval:5s}")
    void logProgress() {
        for (String name : Projections.ALL) {
            if (processor(name).isPresent() && isRebuilding(name)) {
                Progress progress = progress(name);
                log.info("projection {}: rebuilding, {}/{} events", name, progress.processed(), progress.total());
            }
        }
    }

    long headPosition() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private Optional<TrackingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class);
    }
}
