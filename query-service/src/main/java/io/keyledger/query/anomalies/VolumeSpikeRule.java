package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A key's requests in the current minute against its trailing per-minute average. Per key
 * {@link KeyActivityProcessor} keeps (as longs) when it was first seen, the current minute and
 * its count, and a ring of the previous {@code trailingMinutes} minutes' counts (quiet minutes
 * count as zero). The rule fires once per minute, when the count reaches {@code factor} times
 * the average and at least {@code minRequests}, for keys seen for at least
 * {@code minHistoryMinutes}. Attempts older than the current minute (late arrivals) do not move
 * the history.
 */
final class VolumeSpikeRule {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final int FIRST_SEEN = 0;
    private static final int CURRENT_MINUTE = 1;
    private static final int CURRENT_COUNT = 2;
    private static final int FLAGGED_MINUTE = 3;
    private static final int RING = 4;

    private final AnomalyRules.VolumeSpike rule;

    VolumeSpikeRule(AnomalyRules.VolumeSpike rule) {
        this.rule = rule;
    }

    /** How many longs a key's state holds. */
    int length() {
        return RING + rule.trailingMinutes();
    }

    /**
     * Counts an attempt of a key at {@code at} into its state ({@code null} for a key not seen
     * yet), reporting a spike. Returns the state to keep, or {@code null} when the attempt is
     * older than the current minute and changed nothing.
     */
    long[] count(long[] state, AuthAttempt attempt, long at, Consumer<Anomaly> report) {
        long minute = Math.floorDiv(at, MINUTE);
        if (state == null) {
            state = new long[length()];
            state[FIRST_SEEN] = minute;
            state[CURRENT_MINUTE] = minute;
            state[FLAGGED_MINUTE] = -1;
        }
        if (minute < state[CURRENT_MINUTE]) {
            return null;
        }
        advance(state, minute);
        state[CURRENT_COUNT]++;
        double average = average(state);
        if (state[FLAGGED_MINUTE] != minute
                && minute - state[FIRST_SEEN] >= rule.minHistoryMinutes()
                && state[CURRENT_COUNT] >= rule.minRequests()
                && state[CURRENT_COUNT] >= rule.factor() * average) {
            state[FLAGGED_MINUTE] = minute;
            report.accept(anomaly(attempt, minute, state[CURRENT_COUNT], average, at));
        }
        return state;
    }

    /** Moves the current minute to {@code minute}, pushing the finished minutes into the ring. */
    private void advance(long[] state, long minute) {
        int n = rule.trailingMinutes();
        long current = state[CURRENT_MINUTE];
        if (minute == current) {
            return;
        }
        state[RING + (int) Math.floorMod(current, (long) n)] = state[CURRENT_COUNT];
        for (long m = current + 1; m < minute && m <= current + n; m++) {
            state[RING + (int) Math.floorMod(m, (long) n)] = 0;
        }
        state[CURRENT_MINUTE] = minute;
        state[CURRENT_COUNT] = 0;
    }

    private double average(long[] state) {
        long sum = 0;
        for (int i = RING; i < state.length; i++) {
            sum += state[i];
        }
        return (double) sum / rule.trailingMinutes();
    }

    private Anomaly anomaly(AuthAttempt attempt, long minute, long count, double average, long at) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("requests", count);
        evidence.put("trailing_average", Math.round(average * 100) / 100.0);
        evidence.put("trailing_minutes", rule.trailingMinutes());
        evidence.put("factor", rule.factor());
        evidence.put("min_requests", rule.minRequests());
        evidence.put("ip", attempt.ip());
        return new Anomaly(Anomaly.id(AnomalyType.VOLUME_SPIKE, attempt.keyId(), minute * MINUTE),
                AnomalyType.VOLUME_SPIKE, attempt.keyId(), attempt.organizationId(), attempt.keyId(),
                Instant.ofEpochMilli(at), Instant.ofEpochMilli(minute * MINUTE), Instant.ofEpochMilli((minute + 1) * MINUTE),
                evidence);
    }
}
