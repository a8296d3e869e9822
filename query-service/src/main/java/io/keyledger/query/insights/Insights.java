package io.keyledger.query.insights;

import io.keyledger.api.keys.Permissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tally answers (API.md "Insights"): least privilege per permission and the networks a key was
 * used from, over the last {@code days} UTC days (today included), from the daily tallies of
 * {@link InsightStore}. Each answer reads at most one tally per day per permission, network or
 * user agent, however many attempts there were.
 */
public final class Insights {

    /** User agents listed per network, the busiest first. */
    static final int USER_AGENTS_PER_NETWORK = 10;

    private final InsightStore store;

    public Insights(InsightStore store) {
        this.store = store;
    }

    /** A row of the permission-usage answer. */
    public record PermissionRow(String permission, boolean granted, long requests, long allowed, Instant lastUsed) {
    }

    /** The permission-usage answer. */
    public record PermissionUsage(List<PermissionRow> data, List<String> suggestedPermissions) {
    }

    /** A row of the networks answer. */
    public record NetworkRow(String network, Instant firstSeen, Instant lastSeen, long requests, long allowed,
                             List<String> userAgents) {
    }

    /**
     * Per granted pattern: the attempts that asked for a permission it covers ({@code requests}), how
     * many of them got past the permission check ({@code allowed}) and the last of them; then the
     * permissions asked that no pattern grants. {@code suggested_permissions}: the smallest list that
     * would have let every attempt that got past the permission check through — exactly the concrete
     * permissions those attempts asked for.
     */
    public PermissionUsage permissionUsage(String keyId, List<String> granted, int days, Instant now) {
        Map<String, Tally> used = new HashMap<>();
        Map<String, Tally> refused = new HashMap<>();
        store.tallies(keyId, firstDay(now, days), lastDay(now)).forEach((tallyKey, tally) -> {
            char kind = TallyKeys.kind(tallyKey, keyId);
            if (kind == TallyKeys.PERMISSION) {
                used.put(TallyKeys.item(tallyKey, keyId), tally);
            } else if (kind == TallyKeys.FORBIDDEN) {
                refused.put(TallyKeys.item(tallyKey, keyId), tally);
            }
        });
        List<PermissionRow> rows = new ArrayList<>();
        for (String pattern : granted) {
            rows.add(row(pattern, true, covered(pattern, used), covered(pattern, refused)));
        }
        TreeSet<String> ungranted = new TreeSet<>();
        used.keySet().stream().filter(p -> !Permissions.grants(granted, p)).forEach(ungranted::add);
        refused.keySet().stream().filter(p -> !Permissions.grants(granted, p)).forEach(ungranted::add);
        for (String permission : ungranted) {
            rows.add(row(permission, false, used.get(permission), refused.get(permission)));
        }
        return new PermissionUsage(rows, new ArrayList<>(new TreeSet<>(used.keySet())));
    }

    private static PermissionRow row(String permission, boolean granted, Tally used, Tally refused) {
        long allowed = used == null ? 0 : used.requests();
        long requests = allowed + (refused == null ? 0 : refused.requests());
        Tally all = used == null ? refused : used.merge(refused);
        return new PermissionRow(permission, granted, requests, allowed,
                all == null ? null : Instant.ofEpochMilli(all.lastMillis()));
    }

    private static Tally covered(String pattern, Map<String, Tally> tallies) {
        Tally sum = null;
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            if (Permissions.grants(pattern, e.getKey())) {
                sum = sum == null ? e.getValue() : sum.merge(e.getValue());
            }
        }
        return sum;
    }

    /** The networks (/24, /48) that used the key, the most recently seen first, at most {@code limit}. */
    public List<NetworkRow> networks(String keyId, int days, int limit, Instant now) {
        Map<String, Tally> networks = new LinkedHashMap<>();
        Map<String, Map<String, Long>> agents = new HashMap<>();
        store.tallies(keyId, firstDay(now, days), lastDay(now)).forEach((tallyKey, tally) -> {
            char kind = TallyKeys.kind(tallyKey, keyId);
            if (kind == TallyKeys.NETWORK) {
                networks.put(TallyKeys.item(tallyKey, keyId), tally);
            } else if (kind == TallyKeys.USER_AGENT) {
                String[] networkAndAgent = TallyKeys.networkAndAgent(TallyKeys.item(tallyKey, keyId));
                agents.computeIfAbsent(networkAndAgent[0], n -> new HashMap<>())
                        .merge(networkAndAgent[1], tally.requests(), Long::sum);
            }
        });
        return networks.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Tally>>comparingLong(e -> e.getValue().lastMillis()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new NetworkRow(e.getKey(), Instant.ofEpochMilli(e.getValue().firstMillis()),
                        Instant.ofEpochMilli(e.getValue().lastMillis()), e.getValue().requests(), e.getValue().passed(),
                        agents.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                                        .thenComparing(Map.Entry::getKey))
                                .limit(USER_AGENTS_PER_NETWORK).map(Map.Entry::getKey).toList()))
                .toList();
    }

    /** The previous secret's use from {@code since} to {@code now}: {@code [requests, last used millis]}, {@code null} when unused. */
    public long[] previousSecretUse(String keyId, Instant since, Instant now) {
        Tally tally = store.previousSecret(keyId, since.truncatedTo(ChronoUnit.MINUTES), now);
        return tally == null ? null : new long[]{tally.requests(), tally.lastMillis()};
    }

    static Instant firstDay(Instant now, int days) {
        return lastDay(now).minus(Duration.ofDays(days - 1L));
    }

    static Instant lastDay(Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS);
    }
}
