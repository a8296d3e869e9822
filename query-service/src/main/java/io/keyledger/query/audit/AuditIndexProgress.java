package io.keyledger.query.audit;

import io.keyledger.query.projections.Projections;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Whether {@link AuditIndex} has seen every event the store held when an export was asked for. An
 * export answered from an index that lags would silently miss events, so it waits up to
 * {@code keyledger.audit.index-wait} for the index to reach the head it read, and otherwise answers
 * 503 with {@code Retry-After}.
 */
class AuditIndexProgress {

    /** 503: the index is behind the event store. */
    static final class IndexBehindException extends ErrorResponseException {
        IndexBehindException(long retryAfterSeconds) {
            super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }

        private static ProblemDetail problem() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "the audit index is catching up with the event store: retry later");
            problem.setTitle("Service Unavailable");
            return problem;
        }
    }

    private static final long POLL_MILLIS = 20;

    private final LongSupplier head;
    private final LongSupplier indexed;
    private final Duration wait;

    AuditIndexProgress(LongSupplier head, LongSupplier indexed, Duration wait) {
        this.head = head;
        this.indexed = indexed;
        this.wait = wait;
    }

    /** Against the running processor of {@value Projections#AUDIT_INDEX}. */
    static AuditIndexProgress of(EventStore eventStore, EventProcessingConfiguration processing, Duration wait) {
        return new AuditIndexProgress(() -> {
            TrackingToken token = eventStore.createHeadToken();
            return token == null ? -1 : token.position().orElse(-1);
        }, () -> processing.eventProcessor(Projections.AUDIT_INDEX, TrackingEventProcessor.class)
                .filter(TrackingEventProcessor::isRunning)
                .map(AuditIndexProgress::position)
                .orElse(Long.MIN_VALUE), wait);
    }

    /** The lowest position of the processor's segments; below any head while a segment has none or fails. */
    private static long position(TrackingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long lowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            if (segment.isErrorState()) {
                return Long.MIN_VALUE;
            }
            // a segment that has found nothing to handle yet on an empty store has no position
            lowest = Math.min(lowest, segment.getCurrentPosition().orElse(segment.isCaughtUp() ? Long.MAX_VALUE : -1));
        }
        return lowest;
    }

    /** Returns once the index has seen the head read now; throws {@link IndexBehindException} after the wait. */
    void await() {
        long target = head.getAsLong();
        long deadline = System.nanoTime() + wait.toNanos();
        while (indexed.getAsLong() < target) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IndexBehindException(Math.max(1, wait.toSeconds()));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IndexBehindException(1);
            }
        }
    }
}
