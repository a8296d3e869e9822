package io.keyledger.query.usage;

import java.time.Instant;
import java.util.Map;

/**
 * The running totals of one window, as the topology publishes them on
 * {@value UsageTopology#OUTPUT_TOPIC}. Totals, not increments: writing one twice, or an older
 * one after a newer one, changes nothing, which keeps the Mongo sink idempotent.
 *
 * @param id      document id: {@code scope|subject|interval|start millis}
 * @param scope   {@code key} or {@code organization}
 * @param subject the key id or organization id
 */
public record UsageAggregate(String id,
                             String scope,
                             String subject,
                             String interval,
                             Instant start,
                             Instant end,
                             long requests,
                             long allowed,
                             long denied,
                             Map<String, Long> byCode,
                             Instant lastAt) {

    public static final String KEY = "key";
    public static final String ORGANIZATION = "organization";

    static String id(String scope, String subject, Interval interval, long startMillis) {
        return scope + "|" + subject + "|" + interval.token() + "|" + startMillis;
    }
}
