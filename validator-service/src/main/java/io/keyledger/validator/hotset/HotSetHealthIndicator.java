package io.keyledger.validator.hotset;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Part of readiness: UP only once the hot-set processor has reached the head of the event
 * store (Axon marks a segment caught up when its stream had nothing more to give). A
 * validator that is still replaying would answer NOT_FOUND for keys that exist.
 */
class HotSetHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private final HotSetReadiness readiness;
    private final HotSet hotSet;

    HotSetHealthIndicator(EventProcessingConfiguration processing, HotSetReadiness readiness, HotSet hotSet) {
        this.processing = processing;
        this.readiness = readiness;
        this.hotSet = hotSet;
    }

    @Override
    public Health health() {
        TrackingEventProcessor processor = processing
                .eventProcessor(HotSetProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElse(null);
        if (processor == null || !processor.isRunning()) {
            return Health.down().withDetail("processor", "not running").build();
        }
        if (processor.isError()) {
            return Health.down().withDetail("processor", "in error, retrying").build();
        }
        boolean caughtUp = readiness.caughtUp();
        Health.Builder health = caughtUp ? Health.up() : Health.outOfService();
        return health.withDetail("keys", hotSet.size()).withDetail("caughtUp", caughtUp).build();
    }
}
