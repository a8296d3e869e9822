package io.keyledger.query.organizations;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.keyledger.api.organizations.Plan;
import io.keyledger.query.keys.KeyDocuments;
import io.keyledger.query.keys.KeyQueries;
import io.keyledger.query.keys.KeyRecord;
import io.keyledger.query.projections.Dates;
import io.keyledger.query.usage.Interval;
import io.keyledger.query.usage.UsageAggregate;
import io.keyledger.query.usage.UsageQueries;
import io.keyledger.support.auth.Caller;
import io.keyledger.query.web.TimeParameters;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/organizations}, {@code GET /v1/organizations/{id}} and
 * {@code GET /v1/organizations/{id}/summary}: the caller's own organization (any organization for an
 * admin key, {@link OrganizationScope}); another organization answers 404. The summary's period
 * defaults to the current UTC month.
 */
@RestController
class OrganizationController {

    private final MongoCollection<Document> organizations;
    private final MongoCollection<Document> keys;
    private final UsageQueries usage;
    private final Clock clock;
    private final Organizations directory;
    private final OrganizationScope scope;
    private final KeyQueries keyQueries;

    OrganizationController(MongoTemplate mongo, UsageQueries usage, Clock clock, Organizations directory,
                           OrganizationScope scope, KeyQueries keyQueries) {
        this.keyQueries = keyQueries;
        this.organizations = mongo.getCollection(OrganizationProjection.COLLECTION);
        this.keys = mongo.getCollection(KeyDocuments.COLLECTION);
        this.usage = usage;
        this.clock = clock;
        this.directory = directory;
        this.scope = scope;
    }

    record OrganizationList(List<OrganizationRecord> data, String nextCursor) {
    }

    @GetMapping("/v1/organizations")
    OrganizationList list(Caller caller,
                          @RequestParam(defaultValue = "" + Organizations.DEFAULT_LIMIT) int limit,
                          @RequestParam(required = false) String cursor) {
        caller.require("keys:read");
        if (!caller.isAdmin()) {
            // one page: the caller's own, even when only its keys make it known
            Organizations.checkLimit(limit);
            return new OrganizationList(List.of(find(caller.organizationId())), null);
        }
        Organizations.Page page = directory.list(null, limit, cursor);
        return new OrganizationList(page.data(), page.nextCursor());
    }

    @GetMapping("/v1/organizations/{id}")
    OrganizationRecord organization(Caller caller, @PathVariable String id) {
        caller.require("keys:read");
        return find(scope.resolve(caller, id));
    }

    private OrganizationRecord find(String organization) {
        return directory.find(organization)
                .orElseGet(() -> new OrganizationRecord(organization, null, null,
                        io.keyledger.api.organizations.OrganizationPolicy.DEFAULT, null, null, 0));
    }

    @GetMapping("/v1/organizations/{id}/summary")
    OrganizationSummary summary(Caller caller, @PathVariable String id,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        caller.require("keys:read");
        scope.resolve(caller, id);
        TimeParameters.bounded("from", from);
        TimeParameters.bounded("to", to);
        Document organization = organizations.find(Filters.eq("_id", id)).first();
        Map<String, Long> byStatus = keysByStatus(id);
        Instant now = clock.instant();
        Instant start = (from != null ? from
                : YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .truncatedTo(ChronoUnit.DAYS);
        Instant end = to != null ? to : now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        TimeParameters.ordered("from", start, "to", end);
        String plan = organization == null ? null : organization.getString("plan");
        return new OrganizationSummary(id, organization == null ? null : organization.getString("name"),
                plan == null ? null : Plan.valueOf(plan), byStatus, start, end,
                usage.total(UsageAggregate.ORGANIZATION, id, start, end));
    }

    record Series(List<UsageQueries.Point> data) {
    }

    /**
     * The organization's traffic as a series, the same buckets as a key's usage (allowed, denied, by
     * code; quiet buckets as zeros). Default: the last 24 h by hour; at most 10,000 buckets.
     */
    @GetMapping("/v1/organizations/{id}/usage")
    Series usage(Caller caller, @PathVariable String id,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                 @RequestParam(defaultValue = "hour") String interval) {
        caller.require("keys:read");
        scope.resolve(caller, id);
        Interval bucket = Interval.parse(interval);
        Instant end = TimeParameters.bounded("to", to) != null ? to : clock.instant();
        Instant start = TimeParameters.bounded("from", from) != null ? from
                : Dates.clamp(end.minus(java.time.Duration.ofDays(1)));
        TimeParameters.ordered("from", start, "to", end);
        return new Series(usage.series(UsageAggregate.ORGANIZATION, id, bucket, start, end));
    }

    /** How many recently used keys the most used ones are picked from. */
    static final int TOP_KEYS_CANDIDATES = 500;
    static final int TOP_KEYS_MAX = 50;

    record TopKey(String id, String name, String prefix, String status, Instant lastUsed,
                  long requestsToday, long requestsThisMonth) {
    }

    record TopKeys(List<TopKey> data) {
    }

    /**
     * The organization's most used keys this month (UTC), picked from its
     * {@value #TOP_KEYS_CANDIDATES} most recently used keys (index {@code org_last_used}; usage is
     * counted per key, not per organization and key, so no index ranks all keys by use): a key
     * unused for longer than all of those is not among them. {@code limit} 1–50, default 10.
     */
    @GetMapping("/v1/organizations/{id}/top-keys")
    TopKeys topKeys(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "10") int limit) {
        caller.require("keys:read");
        scope.resolve(caller, id);
        if (limit < 1 || limit > TOP_KEYS_MAX) {
            throw new IllegalArgumentException("parameter 'limit' must be between 1 and " + TOP_KEYS_MAX);
        }
        List<KeyRecord> used = keyQueries.recentlyUsed(id, TOP_KEYS_CANDIDATES);
        Map<String, long[]> counts = usage.todayAndThisMonth(used.stream().map(KeyRecord::id).toList(), clock.instant());
        return new TopKeys(used.stream()
                .map(k -> new TopKey(k.id(), k.name(), k.prefix(),
                        k.status() == null ? null : k.status().name().toLowerCase(Locale.ROOT), k.lastUsed(),
                        counts.get(k.id())[0], counts.get(k.id())[1]))
                .filter(k -> k.requestsThisMonth() > 0)
                .sorted(java.util.Comparator.comparingLong(TopKey::requestsThisMonth).reversed()
                        .thenComparing(TopKey::id))
                .limit(limit)
                .toList());
    }

    private Map<String, Long> keysByStatus(String organizationId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Document group : keys.aggregate(List.of(
                Aggregates.match(Filters.eq("organizationId", organizationId)),
                Aggregates.group("$status", Accumulators.sum("n", 1))))) {
            long n = ((Number) group.get("n")).longValue();
            counts.put(String.valueOf(group.get("_id")).toLowerCase(Locale.ROOT), n);
            total += n;
        }
        counts.put("total", total);
        return counts;
    }
}
