package io.keyledger.support.deadletters;

import java.util.SortedMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * {@code deadLetters}: UP while every queue is empty, {@value #DEGRADED_CODE} (HTTP 200: the
 * service serves, one aggregate's events wait) as soon as one holds a letter, with the count per group.
 */
class DeadLetterHealth extends AbstractHealthIndicator {

    static final String DEGRADED_CODE = "DEGRADED";
    static final Status DEGRADED = new Status(DEGRADED_CODE, "events are parked in a dead-letter queue");

    private final DeadLetters deadLetters;

    DeadLetterHealth(DeadLetters deadLetters) {
        super("dead-letter queues unreadable");
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SortedMap<String, Long> counts = deadLetters.counts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        builder.status(total == 0 ? Status.UP : DEGRADED)
                .withDetail("total", total)
                .withDetail("groups", counts);
    }
}
