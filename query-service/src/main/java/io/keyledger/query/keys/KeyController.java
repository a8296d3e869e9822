package io.keyledger.query.keys;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.query.usage.UsageQueries;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.web.NotFoundException;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The key part of the query API: list and details, within the caller's organization. */
@RestController
class KeyController {

    private final KeyQueries keys;
    private final UsageQueries usage;
    private final Clock clock;

    KeyController(KeyQueries keys, UsageQueries usage, Clock clock) {
        this.keys = keys;
        this.usage = usage;
        this.clock = clock;
    }

    record KeyList(List<KeyRecord> data, String nextCursor) {
    }

    @GetMapping("/v1/api-keys")
    KeyList list(Caller caller,
                 @RequestParam(required = false) KeyStatus status,
                 @RequestParam(required = false) Environment environment,
                 @RequestParam(name = "owner_id", required = false) String ownerId,
                 @RequestParam(defaultValue = "" + KeyQueries.DEFAULT_LIMIT) int limit,
                 @RequestParam(required = false) String cursor) {
        caller.require("keys:read");
        KeyQueries.Page page = keys.list(caller.organizationId(),
                new KeyQueries.Filter(status, environment, ownerId), limit, cursor);
        return new KeyList(page.data(), page.nextCursor());
    }

    @GetMapping("/v1/api-keys/{id}")
    KeyRecord details(Caller caller, @PathVariable String id) {
        caller.require("keys:read");
        KeyRecord key = keys.find(caller.organizationId(), id)
                .orElseThrow(() -> new NotFoundException("no key " + id));
        long[] counts = usage.todayAndThisMonth(id, clock.instant());
        return key.withUsage(new KeyRecord.Usage(counts[0], counts[1]));
    }
}
