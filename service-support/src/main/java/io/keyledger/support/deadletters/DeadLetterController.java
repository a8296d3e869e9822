package io.keyledger.support.deadletters;

import io.keyledger.support.auth.Caller;
import io.keyledger.support.auth.ForbiddenException;
import io.keyledger.support.web.NotFoundException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/dead-letters} (admin:*): what this service's processors parked, and the retry. */
@RestController
@RequestMapping("/v1/admin/dead-letters")
class DeadLetterController {

    static final int LIST_LIMIT = 1000;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    Map<String, Object> list(Caller caller) {
        requireAdmin(caller);
        List<DeadLetters.Letter> letters = deadLetters.list(LIST_LIMIT);
        return Map.of("groups", deadLetters.counts(), "data", letters, "truncated", letters.size() >= LIST_LIMIT
                && deadLetters.total() > LIST_LIMIT);
    }

    @PostMapping("/{group}/retry")
    ResponseEntity<DeadLetters.Retry> retry(Caller caller, @PathVariable String group) {
        requireAdmin(caller);
        if (!deadLetters.knows(group)) {
            throw new NotFoundException("this service has no processing group of that name with a dead-letter queue");
        }
        return ResponseEntity.ok(deadLetters.retry(group));
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("this key lacks the permission 'admin:*'");
        }
    }
}
