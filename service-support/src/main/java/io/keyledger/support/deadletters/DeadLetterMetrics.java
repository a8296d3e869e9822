package io.keyledger.support.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * {@code keyledger.dead_letters{group}} (Prometheus: {@code keyledger_dead_letters}): the letters in
 * each group's queue. Registered once the application has started, when Axon has built its processors.
 */
class DeadLetterMetrics implements ApplicationListener<ApplicationStartedEvent> {

    static final String METER = "keyledger.dead_letters";

    private final DeadLetters deadLetters;
    private final ObjectProvider<MeterRegistry> registry;

    DeadLetterMetrics(DeadLetters deadLetters, ObjectProvider<MeterRegistry> registry) {
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        for (String group : deadLetters.counts().keySet()) {
            Gauge.builder(METER, deadLetters, d -> d.size(group).orElse(0L))
                    .tag("group", group)
                    .description("events parked in the processing group's dead-letter queue")
                    .register(meters);
        }
    }
}
