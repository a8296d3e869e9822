package io.keyledger.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The settable fields of a key, shared by create and update; only given flags reach the body. */
final class KeyFields {

    @Option(names = "--description", description = "Free text.")
    String description;

    @Option(names = {"-p", "--permission"}, split = ",", paramLabel = "PERM",
            description = "A permission (repeat or comma-separate), e.g. tasks:read.")
    List<String> permissions;

    @Option(names = "--no-permissions", description = "update: remove every permission.")
    boolean noPermissions;

    @Option(names = "--per-second", paramLabel = "N") Long perSecond;
    @Option(names = "--burst", paramLabel = "N") Long burst;
    @Option(names = "--per-minute", paramLabel = "N") Long perMinute;
    @Option(names = "--per-hour", paramLabel = "N") Long perHour;
    @Option(names = "--per-day", paramLabel = "N") Long perDay;

    @Option(names = "--ip-allow", split = ",", paramLabel = "CIDR", description = "restrictions.ip_allowlist entry (repeatable).")
    List<String> ipAllowlist;

    @Option(names = "--referrer", split = ",", paramLabel = "HOST", description = "restrictions.referrers entry (repeatable).")
    List<String> referrers;

    @Option(names = "--expires-at", paramLabel = "RFC3339", description = "e.g. 2027-01-01T00:00:00Z.")
    String expiresAt;

    void into(ObjectNode body) {
        if (description != null) {
            body.put("description", description);
        }
        if (permissions != null || noPermissions) {
            body.set("permissions", strings(permissions == null ? List.of() : permissions));
        }
        if (perSecond != null || burst != null || perMinute != null || perHour != null || perDay != null) {
            ObjectNode limit = body.putObject("rate_limit");
            putIf(limit, "per_second", perSecond);
            putIf(limit, "burst", burst);
            putIf(limit, "per_minute", perMinute);
            putIf(limit, "per_hour", perHour);
            putIf(limit, "per_day", perDay);
        }
        if (ipAllowlist != null || referrers != null) {
            ObjectNode restrictions = body.putObject("restrictions");
            restrictions.set("ip_allowlist", strings(ipAllowlist == null ? List.of() : ipAllowlist));
            restrictions.set("referrers", strings(referrers == null ? List.of() : referrers));
        }
        if (expiresAt != null) {
            body.put("expires_at", expiresAt);
        }
    }

    static com.fasterxml.jackson.databind.node.ArrayNode strings(List<String> values) {
        var array = Api.JSON.createArrayNode();
        new ArrayList<>(values).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(array::add);
        return array;
    }

    private static void putIf(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
