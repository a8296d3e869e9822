package io.keyledger.query.audit;

import io.keyledger.query.keys.KeyRecord;
import io.keyledger.query.organizations.OrganizationScope;
import io.keyledger.query.web.TimeParameters;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The audit API: a key's history, its state at an instant, and the organization's export. */
@RestController
class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final KeyHistory history;
    private final AuditExport export;
    private final Clock clock;
    /** The longest period one export may cover: a bound on what one request can make the service read. */
    private final java.time.Duration maxExportRange;
    private final OrganizationScope scope;
    private final AuditIndexProgress indexProgress;

    AuditController(KeyHistory history, AuditExport export, Clock clock,
                    @org.springframework.beans.factory.annotation.Value("${keyledger.audit.max-export-range:P366D}")
                    java.time.Duration maxExportRange, OrganizationScope scope, AuditIndexProgress indexProgress) {
        this.indexProgress = indexProgress;
        this.history = history;
        this.export = export;
        this.clock = clock;
        this.maxExportRange = maxExportRange;
        this.scope = scope;
    }

    record History(List<AuditEntry> data) {
    }

    @GetMapping("/v1/api-keys/{id}/events")
    History events(Caller caller, @PathVariable String id,
                   @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("audit:read");
        List<AuditEntry> events = history.events(scope.resolve(caller, organizationId), id);
        if (events.isEmpty()) {
            throw new NotFoundException("no key " + id);
        }
        return new History(events);
    }

    /** A key request's history (command API "Key requests and approval"): every step with its actor and note. */
    @GetMapping("/v1/key-requests/{id}/events")
    History requestEvents(Caller caller, @PathVariable String id,
                          @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("audit:read");
        if (!id.matches("kr_[A-Za-z0-9_-]{1,64}")) {
            throw new NotFoundException("no key request " + (id.length() > 80 ? id.substring(0, 80) : id));
        }
        List<AuditEntry> events = history.requestEvents(scope.resolve(caller, organizationId), id);
        if (events.isEmpty()) {
            throw new NotFoundException("no key request " + id);
        }
        return new History(events);
    }

    @GetMapping("/v1/api-keys/{id}/state")
    KeyRecord state(Caller caller, @PathVariable String id,
                    @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
                    @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("audit:read");
        TimeParameters.bounded("at", at);
        return history.stateAt(scope.resolve(caller, organizationId), id, at)
                .orElseThrow(() -> new NotFoundException("key " + id + " did not exist at " + at));
    }

    @GetMapping("/v1/audit/export")
    ResponseEntity<StreamingResponseBody> export(Caller caller,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require("audit:read");
        AuditExport.Format chosen = parse(format);
        TimeParameters.bounded("from", from);
        Instant end = TimeParameters.bounded("to", to) != null ? to : clock.instant();
        TimeParameters.ordered("from", from, "to", end);
        if (java.time.Duration.between(from, end).compareTo(maxExportRange) > 0) {
            throw new IllegalArgumentException("an export covers at most " + maxExportRange.toDays()
                    + " days: split the period");
        }
        String organization = scope.resolve(caller, organizationId);
        // every event stored before this request must be in the index, or the export would miss it
        indexProgress.await();
        StreamingResponseBody body = out -> {
            long n = export.write(organization, from, end, chosen, out);
            log.info("audit export for organization {} ({} to {}, {}): {} events by key {}",
                    organization, from, end, chosen, n, caller.keyId());
        };
        String extension = chosen == AuditExport.Format.CSV ? "csv" : "ndjson";
        return ResponseEntity.ok()
                .contentType(chosen == AuditExport.Format.CSV ? CSV : NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"keyledger-audit-" + organization + "." + extension + "\"")
                .body(body);
    }

    private static AuditExport.Format parse(String format) {
        try {
            return AuditExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be ndjson or csv");
        }
    }
}
