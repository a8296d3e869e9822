package io.keyledger.query.anomalies;

import io.keyledger.support.auth.Caller;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/anomalies}: the caller's organization's anomalies, newest first. */
@RestController
class AnomalyController {

    static final int MAX_LIMIT = 1000;

    private final AnomalyStore store;

    AnomalyController(AnomalyStore store) {
        this.store = store;
    }

    record Anomalies(List<Anomaly> data) {
    }

    @GetMapping("/v1/anomalies")
    Anomalies anomalies(Caller caller,
                        @RequestParam(name = "key_id", required = false) String keyId,
                        @RequestParam(required = false) String type,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                        @RequestParam(defaultValue = "100") int limit) {
        caller.require("keys:read");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return new Anomalies(store.find(caller.organizationId(), caller.isAdmin(), keyId,
                type == null || type.isBlank() ? null : type.toLowerCase(java.util.Locale.ROOT), since, limit));
    }
}
