package io.keyledger.command.leaks;

import org.springframework.web.bind.annotation.ResponseStatus;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/leaks}: anyone may report keys found where they should not be, without
 * credentials (the one public endpoint of the command API). A well-formed report always answers
 * 202 with the same body, whatever the keys are; a malformed one 400 naming the field.
 */
@RestController
@Tag(name = "Leaks", description = "Report leaked keys (no credentials needed)")
class LeakController {

    /** The one answer to every well-formed report. */
    record Accepted(String status) {
        static final Accepted INSTANCE = new Accepted("accepted");
    }

    private final LeakResponder responder;
    private final LeakProperties properties;

    LeakController(LeakResponder responder, LeakProperties properties) {
        this.responder = responder;
        this.properties = properties;
    }

    @PostMapping(path = LeakRateLimitFilter.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report leaked keys: {keys, source_url, reporter}; always 202, never says which keys exist",
            security = {})
    ResponseEntity<Accepted> report(@RequestBody JsonNode body, HttpServletRequest request) {
        LeakReport report = LeakReport.parse(body, properties.maxKeys(), properties.maxKeyLength());
        responder.respond(report, request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Accepted.INSTANCE);
    }
}
