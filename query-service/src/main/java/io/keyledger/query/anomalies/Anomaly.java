package io.keyledger.query.anomalies;

import java.time.Instant;
import java.util.Map;

/**
 * One detected anomaly, as published on {@value AnomalyTopology#OUTPUT_TOPIC} and served by
 * {@code GET /v1/anomalies}. The id is derived from the rule, the subject and the window, so the
 * same finding published again (a later, larger count; a replay) updates one document.
 *
 * @param subject    what the rule counted by: a key id, a key prefix, an IP or a network
 * @param detectedAt the time of the attempt that made the rule fire
 * @param evidence   the figures behind the finding (counts, threshold, IPs, permissions …)
 */
public record Anomaly(String id,
                      String type,
                      String keyId,
                      String organizationId,
                      String subject,
                      Instant detectedAt,
                      Instant windowStart,
                      Instant windowEnd,
                      Map<String, Object> evidence) {

    static String id(String type, String subject, long windowStartMillis) {
        return type + "|" + subject + "|" + windowStartMillis;
    }
}
