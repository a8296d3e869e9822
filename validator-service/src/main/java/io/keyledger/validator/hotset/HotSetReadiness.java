package io.keyledger.validator.hotset;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;

/**
 * Whether the hot set has caught up with the event store since this instance started. Until
 * then the hot path must not give verdicts: a key revoked while this validator was down would
 * still read VALID. Once caught up it stays so (a tracking processor does not fall back to
 * replaying), so the check costs one volatile read on the hot path.
 */
public class HotSetReadiness {

    private final EventProcessingConfiguration processing;
    private volatile boolean caughtUp;

    public HotSetReadiness(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        TrackingEventProcessor processor = processing
                .eventProcessor(HotSetProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElse(null);
        if (processor == null || !processor.isRunning()) {
            return false;
        }
        var status = processor.processingStatus();
        boolean now = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        if (now) {
            caughtUp = true;
        }
        return now;
    }
}
