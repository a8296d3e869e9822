package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a windowed rule remembers about the attempts of one subject in one window: how many,
 * when, and a bounded sample of who and what, which becomes the anomaly's evidence. Mutable
 * and JSON-serialized; rules only see attempts that already matched their filter, so the
 * volume here is small next to the usage counts.
 */
final class Tally {

    static final int MAX_SAMPLES = 10;
    static final int MAX_PERMISSIONS = 20;

    public long count;
    public long firstAt;
    public long lastAt;
    /** Time of the attempt that made the rule's condition true, 0 while it is not. */
    public long reachedAt;
    public String keyId;
    public String organizationId;
    public String prefix;
    public Map<String, Long> codes = new LinkedHashMap<>();
    public List<String> ips = new ArrayList<>();
    public List<String> userAgents = new ArrayList<>();
    public List<String> permissions = new ArrayList<>();

    Tally add(AuthAttempt attempt, long timestamp, Predicate<Tally> condition) {
        count++;
        firstAt = firstAt == 0 ? timestamp : Math.min(firstAt, timestamp);
        lastAt = Math.max(lastAt, timestamp);
        if (attempt.keyId() != null) {
            keyId = attempt.keyId();
        }
        if (attempt.organizationId() != null) {
            organizationId = attempt.organizationId();
        }
        if (attempt.prefix() != null) {
            prefix = attempt.prefix();
        }
        codes.merge(attempt.code().name(), 1L, Long::sum);
        sample(ips, attempt.ip(), MAX_SAMPLES);
        sample(userAgents, attempt.userAgent(), MAX_SAMPLES);
        if (attempt.permission() != null) {
            for (String permission : attempt.permission().split(",")) {
                sample(permissions, permission.trim(), MAX_PERMISSIONS);
            }
        }
        if (reachedAt == 0 && condition.test(this)) {
            reachedAt = timestamp;
        }
        return this;
    }

    private static void sample(List<String> samples, String value, int max) {
        if (value != null && !value.isEmpty() && samples.size() < max && !samples.contains(value)) {
            samples.add(value);
        }
    }
}
