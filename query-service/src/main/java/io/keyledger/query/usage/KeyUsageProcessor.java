package io.keyledger.query.usage;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.attempts.PublishingProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Counts each known key's attempts per minute, hour and day in one state per key, and at each
 * publication forwards the changed windows' totals ({@link UsageAggregate}) and, per
 * organization, the counts gathered since the last publication ({@link UsageWindows}: one record
 * per organization, whatever the number of its keys and attempts).
 */
final class KeyUsageProcessor extends PublishingProcessor<UsageWindows, String, Object> {

    static final String STORE = "usage-by-key";

    private final Map<String, UsageWindows> handOver = new HashMap<>();

    KeyUsageProcessor(Duration publishInterval) {
        super(STORE, publishInterval);
    }

    @Override
    protected String subject(Record<String, AuthAttempt> record) {
        return record.value().keyId();
    }

    @Override
    protected UsageWindows update(String keyId, UsageWindows state, Record<String, AuthAttempt> record) {
        AuthAttempt attempt = record.value();
        UsageWindows windows = state == null ? new UsageWindows() : state;
        String organization = attempt.organizationId();
        boolean changed = false;
        if (organization != null && !organization.equals(windows.organizationId)) {
            if (windows.organizationId != null) {
                // a key does not change organization; should an attempt say otherwise, settle the old one first
                handOver(windows);
                forwardHandOver();
            }
            windows.organizationId = organization;
            changed = true;
        }
        long at = attempt.timestamp() == null ? 0 : attempt.timestamp().toEpochMilli();
        int code = attempt.code().ordinal();
        for (Interval interval : Interval.values()) {
            long start = interval.start(record.timestamp());
            if (interval.closed(start, streamTime)) {
                continue;
            }
            UsageWindows.Window window = windows.window(interval, start);
            window.counts[code]++;
            if (organization != null) {
                window.pending[code]++;
            }
            window.lastAt = Math.max(window.lastAt, at);
            window.unpublished = true;
            changed = true;
        }
        return changed ? windows : null;
    }

    @Override
    protected boolean hasPending(UsageWindows state) {
        return state.unpublished();
    }

    @Override
    protected void publishPending() {
        super.publishPending();
        forwardHandOver();
    }

    @Override
    protected void publish(String keyId, UsageWindows state) {
        for (UsageWindows.Window window : state.windows) {
            if (window.unpublished) {
                UsageAggregate totals = window.aggregate(UsageAggregate.KEY, keyId);
                context.forward(new Record<>(totals.id(), totals, window.lastAt));
                window.unpublished = false;
            }
        }
        handOver(state);
    }

    /** Moves the key's pending counts into this publication's per-organization hand-over. */
    private void handOver(UsageWindows state) {
        if (state.organizationId == null) {
            return;
        }
        UsageWindows organization = handOver.computeIfAbsent(state.organizationId, id -> new UsageWindows());
        for (UsageWindows.Window window : state.windows) {
            if (window.hasPending()) {
                UsageWindows.Window target = organization.window(window.interval, window.start);
                for (int i = 0; i < window.pending.length; i++) {
                    target.counts[i] += window.pending[i];
                    window.pending[i] = 0;
                }
                target.lastAt = Math.max(target.lastAt, window.lastAt);
            }
        }
    }

    private void forwardHandOver() {
        handOver.forEach((organization, windows) -> {
            long latest = windows.windows.stream().mapToLong(w -> w.lastAt).max().orElse(0);
            context.forward(new Record<>(organization, windows, latest));
        });
        handOver.clear();
    }

    @Override
    protected boolean expire(UsageWindows state) {
        return state.expire(streamTime);
    }

    @Override
    protected boolean isEmpty(UsageWindows state) {
        return state.windows.isEmpty();
    }
}
