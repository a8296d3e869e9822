package io.keyledger.api.attempts;

/**
 * The {@code keyledger.anomalies} topic: query-service's anomaly rules publish there, the command
 * service's webhook feed reads it. A record's value is one anomaly as JSON, snake_case, as
 * {@code GET /v1/anomalies} serves it: {@code id, type, key_id, organization_id, subject,
 * detected_at, window_start, window_end, evidence}. The id is stable per finding (rule, subject,
 * window), so the same finding published again carries the same id. Never carries a key.
 */
public final class Anomalies {

    /** Name of the topic the anomaly rules publish to. */
    public static final String TOPIC = "keyledger.anomalies";

    private Anomalies() {
    }
}
