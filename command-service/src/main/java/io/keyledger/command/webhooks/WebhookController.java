package io.keyledger.command.webhooks;

import org.springframework.web.bind.annotation.ResponseStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.api.webhooks.WebhookCommands;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.web.Commands;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.auth.ForbiddenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook endpoints (API.md, "Webhooks"): {@code webhooks:write} to change, {@code webhooks:read}
 * to read. An endpoint of another organization is 404; an {@code admin:*} key sees every
 * organization's. Checks run 403 (permission) → 404 → 400 → 409; nothing is sent before every
 * check passed.
 */
@RestController
@RequestMapping("/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed deliveries of an organization's events (Standard Webhooks)")
class WebhookController {

    static final String WRITE = "webhooks:write";
    static final String READ = "webhooks:read";
    private static final Pattern ID = Pattern.compile("wh_[0-9a-f]{32}");
    private static final Set<String> PATCHABLE = Set.of("url", "events", "description", "enabled");

    record WebhookCreate(String url, List<String> events, String description, String organizationId) {
    }

    /** An endpoint as the API shows it: never a secret. */
    record WebhookView(String id, String organizationId, String url, List<String> events, String description,
                    boolean enabled, Instant createdAt, Instant disabledAt, Instant failingSince) {
        static WebhookView of(EndpointRow row) {
            return new WebhookView(row.id, row.organizationId, row.url, row.eventList(), row.description, row.enabled,
                    row.createdAt, row.disabledAt, row.failingSince);
        }
    }

    /** The 201 answer: the endpoint and its secret, this once only. */
    record WebhookCreated(String id, String organizationId, String url, List<String> events, String description,
                   boolean enabled, String secret, Instant createdAt) {
    }

    record WebhookSecretRotated(String secret, Instant previousSecretValidUntil) {
    }

    record WebhookDelivery(String id, String eventId, String type, int attempt, String status, Integer responseCode,
                    Instant createdAt, Instant deliveredAt, Instant nextAttemptAt) {
    }

    record WebhookPage<T>(List<T> data, String nextCursor) {
    }

    private final Commands commands;
    private final EndpointTable endpoints;
    private final Deliveries deliveries;
    private final SecretBox secrets;
    private final TargetPolicy targets;
    private final WebhookProperties properties;

    WebhookController(Commands commands, EndpointTable endpoints, Deliveries deliveries, SecretBox secrets,
                      TargetPolicy targets, WebhookProperties properties) {
        this.commands = commands;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.targets = targets;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register an endpoint; the answer holds its signing secret, this once only")
    ResponseEntity<WebhookCreated> create(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                   @RequestBody WebhookCreate request) {
        caller.require(WRITE);
        String organizationId = request.organizationId() == null ? caller.organizationId() : request.organizationId();
        if (!organizationId.equals(caller.organizationId()) && !caller.isAdmin()) {
            throw new ForbiddenException("only admin keys may register webhooks for another organization");
        }
        targets.check(request.url());
        List<String> events = WebhookRules.events(request.events());
        String description = WebhookRules.description(request.description());
        if (endpoints.count(organizationId) >= properties.maxPerOrganization()) {
            throw new WebhookNotDeliverableException(EndpointTable.limitMessage(properties.maxPerOrganization()));
        }
        String id = "wh_" + UUID.randomUUID().toString().replace("-", "");
        String secret = secrets.newSecret();
        commands.send(new WebhookCommands.Create(id, organizationId, request.url(), events, description,
                secrets.seal(id, secret)), caller.keyId(), http);
        EndpointRow row = endpoints.find(id).orElseThrow();
        return ResponseEntity.created(URI.create("/v1/webhooks/" + id)).body(new WebhookCreated(id, organizationId, row.url,
                row.eventList(), row.description, row.enabled, secret, row.createdAt));
    }

    @GetMapping
    @Operation(summary = "The organization's endpoints (admin: organization_id names another)")
    WebhookPage<WebhookView> list(@Parameter(hidden = true) Caller caller,
                        @RequestParam(name = "organization_id", required = false) String organizationId) {
        caller.require(READ);
        String org = organizationId == null ? caller.organizationId() : organizationId;
        if (!org.equals(caller.organizationId()) && !caller.isAdmin()) {
            throw new WebhookNotFoundException(org);
        }
        return new WebhookPage<>(endpoints.of(org).stream().map(WebhookView::of).toList(), null);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One endpoint, never its secret")
    WebhookView get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
        caller.require(READ);
        return WebhookView.of(visible(caller, id, false));
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change url, events, description or enabled; fields left out stay")
    WebhookView update(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String id,
                    @RequestBody JsonNode body) {
        caller.require(WRITE);
        visible(caller, id, false);
        if (!(body instanceof ObjectNode patch)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Set<String> fields = new LinkedHashSet<>();
        String url = null;
        List<String> events = null;
        String description = null;
        Boolean enabled = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "url" -> {
                    url = text(value, "url", false);
                    targets.check(url);
                }
                case "events" -> events = WebhookRules.events(strings(value));
                case "description" -> description = WebhookRules.description(text(value, "description", true));
                case "enabled" -> {
                    if (!value.isBoolean()) {
                        throw new InvalidFieldException("enabled", "must be true or false");
                    }
                    enabled = value.booleanValue();
                }
                default -> throw new InvalidFieldException(field.getKey(), "unknown field; a PATCH may change "
                        + PATCHABLE.stream().sorted().toList());
            }
            fields.add(field.getKey());
        }
        commands.send(new WebhookCommands.Update(id, scope(caller), fields, url, events, description, enabled),
                caller.keyId(), http);
        return WebhookView.of(endpoints.find(id).orElseThrow());
    }

    @DeleteMapping("/{id}")
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove the endpoint; its pending deliveries stop (a second DELETE is also 204)")
    ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String id) {
        caller.require(WRITE);
        EndpointRow row = visible(caller, id, true);
        if (!row.deleted) {
            commands.send(new WebhookCommands.Delete(id, scope(caller)), caller.keyId(), http);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(summary = "A new signing secret (this once only); the old one signs beside it for 24 h")
    WebhookSecretRotated rotateSecret(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String id) {
        caller.require(WRITE);
        visible(caller, id, false);
        String secret = secrets.newSecret();
        Instant overlap = Instant.now().plus(properties.secretOverlap());
        commands.send(new WebhookCommands.RotateSecret(id, scope(caller), secrets.seal(id, secret), overlap),
                caller.keyId(), http);
        return new WebhookSecretRotated(secret, overlap);
    }

    @PostMapping("/{id}/test")
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Deliver a webhook.test message to this endpoint")
    ResponseEntity<Void> test(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String id) {
        caller.require(WRITE);
        visible(caller, id, false);
        commands.send(new WebhookCommands.RequestTest(id, scope(caller)), caller.keyId(), http);
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The endpoint's deliveries, newest first (limit 1–100, default 20; cursor from next_cursor)")
    WebhookPage<WebhookDelivery> deliveries(@Parameter(hidden = true) Caller caller, @PathVariable String id,
                              @RequestParam(required = false) String limit,
                              @RequestParam(required = false) String cursor) {
        caller.require(READ);
        visible(caller, id, true);
        int size = 20;
        if (limit != null) {
            if (!limit.matches("\\d{1,3}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 100) {
                throw new InvalidFieldException("limit", "must be a whole number from 1 to 100");
            }
            size = Integer.parseInt(limit);
        }
        Deliveries.Cursor after = cursor == null ? null : decode(cursor);
        List<DeliveryRow> rows = deliveries.page(id, after, size + 1);
        List<WebhookDelivery> data = new ArrayList<>();
        for (DeliveryRow row : rows.subList(0, Math.min(size, rows.size()))) {
            data.add(new WebhookDelivery(row.id, row.eventId, row.type, row.attempt, row.status, row.responseCode,
                    row.createdAt, row.deliveredAt, DeliveryRow.PENDING.equals(row.status) ? row.nextAttemptAt : null));
        }
        String next = null;
        if (rows.size() > size) {
            DeliveryRow last = rows.get(size - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.createdAt + "|" + last.id).getBytes(StandardCharsets.UTF_8));
        }
        return new WebhookPage<>(data, next);
    }

    private static Deliveries.Cursor decode(String cursor) {
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException();
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2 || !parts[1].matches("msg_[0-9a-f]{1,40}")) {
                throw new IllegalArgumentException();
            }
            return new Deliveries.Cursor(Instant.parse(parts[0]), parts[1]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidFieldException("cursor", "is not a cursor this API gave out");
        }
    }

    /** The endpoint when the caller may see it; else 404 (another organization's too). */
    private EndpointRow visible(Caller caller, String id, boolean deletedToo) {
        if (!ID.matcher(id).matches()) {
            throw new WebhookNotFoundException(id.length() > 40 ? id.substring(0, 40) + "…" : id);
        }
        EndpointRow row = endpoints.find(id).orElseThrow(() -> new WebhookNotFoundException(id));
        if (row.deleted && !deletedToo || !caller.isAdmin() && !row.organizationId.equals(caller.organizationId())) {
            throw new WebhookNotFoundException(id);
        }
        return row;
    }

    private static String scope(Caller caller) {
        return caller.isAdmin() ? null : caller.organizationId();
    }

    private static String text(JsonNode value, String field, boolean nullable) {
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        return value.textValue();
    }

    private static List<String> strings(JsonNode value) {
        if (!value.isArray()) {
            throw new InvalidFieldException("events", "must be a list of event types");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new InvalidFieldException("events[" + i + "]", "must be a string");
            }
            out.add(value.get(i).textValue());
        }
        return out;
    }
}
