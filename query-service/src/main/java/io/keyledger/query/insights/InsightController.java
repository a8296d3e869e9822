package io.keyledger.query.insights;

import io.keyledger.query.keys.KeyQueries;
import io.keyledger.query.keys.KeyRecord;
import io.keyledger.query.organizations.OrganizationScope;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import io.keyledger.support.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/api-keys/{id}/permission-usage} and {@code GET /v1/api-keys/{id}/networks} (API.md
 * "Insights"): {@code keys:read}, within the caller's organization (another organization's key is 404).
 */
@RestController
class InsightController {

    static final int DEFAULT_NETWORKS = 100;
    static final int MAX_NETWORKS = 1_000;

    private final KeyQueries keys;
    private final OrganizationScope scope;
    private final Insights insights;
    private final InsightsProperties settings;
    private final Clock clock;

    InsightController(KeyQueries keys, OrganizationScope scope, Insights insights, InsightsProperties settings,
                      Clock clock) {
        this.keys = keys;
        this.scope = scope;
        this.insights = insights;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param apply the one call that applies the suggestion: {@code PATCH} of the key on the command API with the
     *              version it was computed against in {@code If-Match}
     */
    record PermissionUsageAnswer(List<Insights.PermissionRow> data, List<String> suggestedPermissions, int days,
                                 Apply apply) {
    }

    record Apply(String method, String path, Map<String, String> headers, Map<String, Object> body) {
    }

    record NetworksAnswer(List<Insights.NetworkRow> data, int days) {
    }

    @GetMapping("/v1/api-keys/{id}/permission-usage")
    PermissionUsageAnswer permissionUsage(Caller caller, @PathVariable String id,
                                          @RequestParam(required = false) Integer days,
                                          @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        KeyRecord key = key(caller, id, organizationId);
        int period = days(days);
        Insights.PermissionUsage usage = insights.permissionUsage(id, key.permissions() == null ? List.of()
                : key.permissions(), period, clock.instant());
        return new PermissionUsageAnswer(usage.data(), usage.suggestedPermissions(), period,
                new Apply("PATCH", "/v1/api-keys/" + id, Map.of("If-Match", "\"" + key.version() + "\""),
                        Map.of("permissions", usage.suggestedPermissions())));
    }

    @GetMapping("/v1/api-keys/{id}/networks")
    NetworksAnswer networks(Caller caller, @PathVariable String id,
                            @RequestParam(required = false) Integer days,
                            @RequestParam(required = false) Integer limit,
                            @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        key(caller, id, organizationId);
        int period = days(days);
        int rows = limit == null ? DEFAULT_NETWORKS : limit;
        if (rows < 1 || rows > MAX_NETWORKS) {
            throw new IllegalArgumentException("parameter 'limit' must be between 1 and " + MAX_NETWORKS);
        }
        return new NetworksAnswer(insights.networks(id, period, rows, clock.instant()), period);
    }

    private KeyRecord key(Caller caller, String id, String organizationId) {
        return keys.find(scope.resolve(caller, organizationId), id)
                .orElseThrow(() -> new NotFoundException("no key " + id));
    }

    private int days(Integer days) {
        int max = settings.retentionDays();
        int value = days == null ? max : days;
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("parameter 'days' must be between 1 and " + max);
        }
        return value;
    }

    /** The topology is starting or rebalancing: its stores cannot be read yet. */
    @ExceptionHandler(InvalidStateStoreException.class)
    ResponseEntity<ProblemDetail> notReady(InvalidStateStoreException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "the attempt pipeline is not ready; try again"));
    }
}
