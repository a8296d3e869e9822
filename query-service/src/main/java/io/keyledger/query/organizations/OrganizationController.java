package io.keyledger.query.organizations;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import io.keyledger.api.organizations.Plan;
import io.keyledger.query.keys.KeyDocuments;
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

    OrganizationController(MongoTemplate mongo, UsageQueries usage, Clock clock, Organizations directory,
                           OrganizationScope scope) {
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
