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
 * (which authenticates management calls) and the key quota have caught up with the event store,
 * so the admin key works and quotas hold the moment the service reports ready.
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
        // the caller directory's processor also feeds the key quota
        if (!caughtUp(CallerDirectory.PROCESSING_GROUP) || callers.organizationOf(Bootstrap.ADMIN_KEY_ID).isEmpty()) {
            return Health.down().withDetail("bootstrap", "done").withDetail("projections", "catching up").build();
        }
        return Health.up().withDetail("bootstrap", "done").withDetail("projections", "caught up").build();
    }

    private boolean caughtUp(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(p -> !p.processingStatus().isEmpty()
                        && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))
                .orElse(false);
    }
}
