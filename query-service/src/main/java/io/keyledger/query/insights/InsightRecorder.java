package io.keyledger.query.insights;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.api.attempts.VerificationCode;
import io.keyledger.api.keys.Permissions;
import io.keyledger.query.anomalies.Networks;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/** Keeps and counts each attempt of a known key (see {@link InsightTopology}). Forwards nothing. */
final class InsightRecorder implements Processor<String, AuthAttempt, Void, Void> {

    private static final long DAY = InsightTopology.DAY.toMillis();
    private static final long MINUTE = InsightTopology.MINUTE.toMillis();

    private WindowStore<String, byte[]> attempts;
    private WindowStore<String, byte[]> tallies;
    private WindowStore<String, byte[]> previous;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        attempts = context.getStateStore(InsightTopology.ATTEMPTS);
        tallies = context.getStateStore(InsightTopology.TALLIES);
        previous = context.getStateStore(InsightTopology.PREVIOUS);
    }

    @Override
    public void process(Record<String, AuthAttempt> record) {
        AuthAttempt attempt = record.value();
        StoredAttempt stored = StoredAttempt.of(attempt);
        long at = stored.timestampMillis();
        String keyId = attempt.keyId();
        attempts.put(keyId, stored.encode(), at);

        long day = Math.floorDiv(at, DAY) * DAY;
        // a permission is "used" by an attempt that got past the permission check, "refused" by a FORBIDDEN one;
        // an attempt refused earlier (status, address, referrer) never reached the permission check
        char kind = stored.passedPermissionCheck() ? TallyKeys.PERMISSION
                : attempt.code() == VerificationCode.FORBIDDEN ? TallyKeys.FORBIDDEN : 0;
        if (stored.permission() != null && kind != 0) {
            for (String asked : stored.permission().split(",")) {
                // only what could be a permission is counted: a tally key is never arbitrary text
                if (Permissions.isValid(asked)) {
                    count(tallies, TallyKeys.of(keyId, kind, asked), day, at, kind == TallyKeys.PERMISSION);
                }
            }
        }
        String network = Networks.of(attempt.ip());
        if (network != null) {
            boolean allowed = attempt.code().allowed();
            count(tallies, TallyKeys.of(keyId, TallyKeys.NETWORK, network), day, at, allowed);
            if (attempt.userAgent() != null && !attempt.userAgent().isEmpty()) {
                count(tallies, TallyKeys.userAgent(keyId, network, attempt.userAgent()), day, at, allowed);
            }
        }
        if (stored.previousSecret()) {
            count(previous, keyId, Math.floorDiv(at, MINUTE) * MINUTE, at, attempt.code().allowed());
        }
    }

    private static void count(WindowStore<String, byte[]> store, String key, long window, long at, boolean passed) {
        Tally now = Tally.decode(store.fetch(key, window));
        store.put(key, (now == null ? Tally.first(at, passed) : now.add(at, passed)).encode(), window);
    }
}
