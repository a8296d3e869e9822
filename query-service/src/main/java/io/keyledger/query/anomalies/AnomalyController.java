package io.keyledger.query.anomalies;

import io.keyledger.query.organizations.OrganizationScope;
import io.keyledger.query.web.TimeParameters;
import io.keyledger.support.auth.Caller;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/anomalies}: one organization's anomalies ({@link OrganizationScope}), newest first. */
@RestController
class AnomalyController {

    static final int MAX_LIMIT = 1000;

    private final AnomalyStore store;
    private final OrganizationScope scope;

    AnomalyController(AnomalyStore store, OrganizationScope scope) {
        this.store = store;
        this.scope = scope;
    }

    record Anomalies(List<Anomaly> data) {
    }

    @GetMapping("/v1/anomalies")
    Anomalies anomalies(Caller caller,
                        @RequestParam(name = "key_id", required = false) String keyId,
                        @RequestParam(required = false) String type,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                        @RequestParam(defaultValue = "100") int limit,
                        @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("keys:read");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        TimeParameters.bounded("since", since);
        String organization = scope.resolve(caller, organizationId);
        // anomalies tied to no organization (unknown keys, per IP) show in an admin's own view only
        boolean unattached = caller.isAdmin() && organization.equals(caller.organizationId());
        return new Anomalies(store.find(organization, unattached, keyId,
                type == null || type.isBlank() ? null : type.toLowerCase(java.util.Locale.ROOT), since, limit));
    }
}
