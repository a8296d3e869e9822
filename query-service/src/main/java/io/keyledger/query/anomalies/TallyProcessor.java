package io.keyledger.query.anomalies;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.query.attempts.PublishingProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The windowed rules of one subject (the record key: a key id, a prefix or an IP) in one store
 * entry: each attempt updates the tally of every rule it matches, in tumbling windows with a
 * minute of grace. Once a rule's condition holds, its running tally is published at each
 * publication in which it changed, under an id fixed by rule, subject and window.
 */
final class TallyProcessor extends PublishingProcessor<Tallies, String, Anomaly> {

    /** How late an attempt may arrive and still count in its window. */
    static final long GRACE = Duration.ofMinutes(1).toMillis();

    /**
     * @param matches   which attempts the rule counts
     * @param condition when a window's tally is an anomaly
     * @param threshold shown in the evidence
     */
    record Rule(String type, Predicate<AuthAttempt> matches, Duration window, Predicate<Tally> condition,
                long threshold) {

        boolean closed(long start, long streamTime) {
            return start + window.toMillis() + GRACE <= streamTime;
        }
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    TallyProcessor(String store, List<Rule> rules, Duration publishInterval) {
        super(store, publishInterval);
        rules.forEach(rule -> this.rules.put(rule.type(), rule));
    }

    @Override
    protected String subject(Record<String, AuthAttempt> record) {
        return record.key();
    }

    @Override
    protected Tallies update(String subject, Tallies state, Record<String, AuthAttempt> record) {
        AuthAttempt attempt = record.value();
        long at = attempt.timestamp() == null ? 0 : attempt.timestamp().toEpochMilli();
        Tallies tallies = state == null ? new Tallies() : state;
        boolean counted = false;
        for (Rule rule : rules.values()) {
            long size = rule.window().toMillis();
            long start = Math.floorDiv(record.timestamp(), size) * size;
            if (!rule.matches().test(attempt) || rule.closed(start, streamTime)) {
                continue;
            }
            Tally tally = tallies.window(rule.type(), start).add(attempt, at, rule.condition());
            tally.unpublished = tally.reachedAt != 0;
            counted = true;
        }
        return counted ? tallies : null;
    }

    @Override
    protected boolean hasPending(Tallies state) {
        return state.windows.stream().anyMatch(tally -> tally.unpublished);
    }

    @Override
    protected void publish(String subject, Tallies state) {
        for (Tally tally : state.windows) {
            Rule rule = rules.get(tally.type);
            if (tally.unpublished && rule != null) {
                Anomaly anomaly = anomaly(rule, subject, tally);
                context.forward(new Record<>(anomaly.id(), anomaly, tally.lastAt));
            }
            tally.unpublished = false;
        }
    }

    @Override
    protected boolean expire(Tallies state) {
        return state.windows.removeIf(tally -> !tally.unpublished
                && (!rules.containsKey(tally.type) || rules.get(tally.type).closed(tally.start, streamTime)));
    }

    @Override
    protected boolean isEmpty(Tallies state) {
        return state.windows.isEmpty();
    }

    private static Anomaly anomaly(Rule rule, String subject, Tally tally) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", tally.count);
        evidence.put("threshold", rule.threshold());
        evidence.put("codes", tally.codes);
        evidence.put("ips", tally.ips);
        evidence.put("user_agents", tally.userAgents);
        if (!tally.permissions.isEmpty()) {
            evidence.put("permissions", tally.permissions);
        }
        if (tally.prefix != null) {
            evidence.put("prefix", tally.prefix);
        }
        evidence.put("first_at", Instant.ofEpochMilli(tally.firstAt).toString());
        evidence.put("last_at", Instant.ofEpochMilli(tally.lastAt).toString());
        long end = tally.start + rule.window().toMillis();
        return new Anomaly(Anomaly.id(rule.type(), subject, tally.start), rule.type(), tally.keyId,
                tally.organizationId, subject, Instant.ofEpochMilli(tally.reachedAt),
                Instant.ofEpochMilli(tally.start), Instant.ofEpochMilli(end), evidence);
    }
}
