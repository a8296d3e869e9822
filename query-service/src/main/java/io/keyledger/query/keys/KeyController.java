package io.keyledger.query.keys;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.query.organizations.OrganizationScope;
import io.keyledger.query.usage.UsageQueries;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import io.keyledger.query.web.TimeParameters;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The key part of the query API: list and details, within one organization ({@link OrganizationScope}). */
@RestController
class KeyController {

    private final KeyQueries keys;
    private final UsageQueries usage;
    private final Clock clock;
    private final OrganizationScope scope;

    private final org.springframework.beans.factory.ObjectProvider<io.keyledger.query.insights.Insights> insights;

    KeyController(KeyQueries keys, UsageQueries usage, Clock clock, OrganizationScope scope,
                  org.springframework.beans.factory.ObjectProvider<io.keyledger.query.insights.Insights> insights) {
        this.insights = insights;
        this.keys = keys;
        this.usage = usage;
        this.clock = clock;
        this.scope = scope;
    }

    record KeyList(List<KeyRecord> data, String nextCursor) {
    }

    @GetMapping("/v1/api-keys")
    KeyList list(Caller caller,
                 @RequestParam(required = false) KeyStatus status,
                 @RequestParam(required = false) Environment environment,
                 @RequestParam(name = "owner_id", required = false) String ownerId,
                 @RequestParam(defaultValue = "" + KeyQueries.DEFAULT_LIMIT) int limit,
                 @RequestParam(required = false) String cursor,
                 @RequestParam(required = false) String q,
                 @RequestParam(required = false) String prefix,
                 @RequestParam(name = "expires_before", required = false)
                 @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant expiresBefore,
                 @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        TimeParameters.bounded("expires_before", expiresBefore);
        KeyQueries.Page page = keys.list(scope.resolve(caller, organizationId),
                new KeyQueries.Filter(status, environment, ownerId, q, expiresBefore, prefix), limit, cursor);
        // the page's usage in one read, so the list shows requests today without a call per key
        Map<String, long[]> counts = usage.todayAndThisMonth(page.data().stream().map(KeyRecord::id).toList(),
                clock.instant());
        List<KeyRecord> data = page.data().stream()
                .map(k -> k.withUsage(new KeyRecord.Usage(counts.get(k.id())[0], counts.get(k.id())[1])))
                .toList();
        return new KeyList(data, page.nextCursor());
    }

    @GetMapping("/v1/api-keys/{id}")
    KeyRecord details(Caller caller, @PathVariable String id,
                      @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        KeyRecord key = keys.find(scope.resolve(caller, organizationId), id)
                .orElseThrow(() -> new NotFoundException("no key " + id));
        long[] counts = usage.todayAndThisMonth(id, clock.instant());
        return previousSecret(key.withUsage(new KeyRecord.Usage(counts[0], counts[1])));
    }

    /** During a rotation's grace period: the rotation assistant's {@code previous_secret} block. */
    private KeyRecord previousSecret(KeyRecord key) {
        Instant now = clock.instant();
        io.keyledger.query.insights.Insights answers = insights.getIfAvailable();
        if (answers == null || key.previousKeyValidUntil() == null || !now.isBefore(key.previousKeyValidUntil())
                || key.rotatedAt() == null) {
            return key;
        }
        long[] use;
        try {
            use = answers.previousSecretUse(key.id(), key.rotatedAt(), now);
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException starting) {
            // the attempt pipeline is starting or rebalancing: the details still answer, without the counts
            return key.withPreviousSecret(new KeyRecord.PreviousSecret(key.previousKeyValidUntil(), null, null));
        }
        return key.withPreviousSecret(new KeyRecord.PreviousSecret(key.previousKeyValidUntil(),
                use == null ? null : Instant.ofEpochMilli(use[1]), use == null ? 0L : use[0]));
    }
}
