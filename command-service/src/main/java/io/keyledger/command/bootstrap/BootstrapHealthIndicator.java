package io.keyledger.command.bootstrap;

import io.keyledger.support.auth.CallerDirectory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: the bootstrap organization and admin key exist, and the caller directory
 * (which authenticates management calls) has caught up with the event store, so the admin key
 * works the moment the service reports ready.
 */
@Component("bootstrap")
class BootstrapHealthIndicator implements HealthIndicator {

    private final Bootstrap bootstrap;
    private final EventProcessingConfiguration processing;
    private final CallerDirectory callers;

    BootstrapHealthIndicator(Bootstrap bootstrap, EventProcessingConfiguration processing, CallerDirectory callers) {
        this.bootstrap = bootstrap;
        this.processing = processing;
        this.callers = callers;
    }

    @Override
    public Health health() {
        if (!bootstrap.isDone()) {
            return Health.down().withDetail("bootstrap", "pending").build();
        }
        boolean caughtUp = processing.eventProcessor(CallerDirectory.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(p -> !p.processingStatus().isEmpty()
                        && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))
                .orElse(false);
        if (!caughtUp || callers.organizationOf(Bootstrap.ADMIN_KEY_ID).isEmpty()) {
            return Health.down().withDetail("bootstrap", "done").withDetail("caller-directory", "catching up").build();
        }
        return Health.up().withDetail("bootstrap", "done").withDetail("caller-directory", "caught up").build();
    }
}
