package io.keyledger.query.usage;

import io.keyledger.query.keys.KeyQueries;
import io.keyledger.query.organizations.OrganizationScope;
import io.keyledger.query.projections.Dates;
import io.keyledger.query.web.TimeParameters;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/api-keys/{id}/usage}: a key's usage series. */
@RestController
class UsageController {

    private final KeyQueries keys;
    private final UsageQueries usage;
    private final Clock clock;
    private final OrganizationScope scope;

    UsageController(KeyQueries keys, UsageQueries usage, Clock clock, OrganizationScope scope) {
        this.keys = keys;
        this.usage = usage;
        this.clock = clock;
        this.scope = scope;
    }

    record Series(List<UsageQueries.Point> data) {
    }

    @GetMapping("/v1/api-keys/{id}/usage")
    Series usage(Caller caller, @PathVariable String id,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                 @RequestParam(defaultValue = "hour") String interval,
                 @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        keys.find(scope.resolve(caller, organizationId), id).orElseThrow(() -> new NotFoundException("no key " + id));
        Interval bucket = parse(interval);
        Instant end = TimeParameters.bounded("to", to) != null ? to : clock.instant();
        Instant start = TimeParameters.bounded("from", from) != null ? from : Dates.clamp(end.minus(Duration.ofDays(1)));
        TimeParameters.ordered("from", start, "to", end);
        return new Series(usage.series(UsageAggregate.KEY, id, bucket, start, end));
    }

    static Interval parse(String interval) {
        try {
            return Interval.valueOf(interval.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("interval must be one of minute, hour, day");
        }
    }
}
