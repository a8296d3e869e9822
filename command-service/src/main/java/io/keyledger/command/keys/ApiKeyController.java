package io.keyledger.command.keys;

import org.springframework.web.bind.annotation.ResponseStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Authority;
import io.keyledger.command.secrets.SecretRegistry;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.DisableApiKeyCommand;
import io.keyledger.api.keys.EnableApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Permissions;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import io.keyledger.api.keys.RotateApiKeyCommand;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import io.keyledger.command.idempotency.Idempotency;
import io.keyledger.command.organizations.KeyQuota;
import io.keyledger.command.organizations.OrganizationDirectory;
import io.keyledger.command.web.Commands;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.auth.ForbiddenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key lifecycle API (API.md, "Command API"). Every call needs {@code keys:write}; a key
 * acts inside its own organization only, except {@code admin:*} keys, which act on any.
 */
@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys", description = "Issue, change, rotate, disable and revoke API keys")
class ApiKeyController {

    private static final Pattern KEY_ID = Pattern.compile("key_[A-Za-z0-9_]{1,64}");

    private final Commands commands;
    private final KeyGenerator generator;
    private final OrganizationDirectory organizations;
    private final Idempotency idempotency;
    private final ObjectMapper mapper;
    private final KeyEnvironments environments;
    private final KeyQuota quota;
    private final SecretRegistry secrets;

    ApiKeyController(Commands commands, KeyGenerator generator, OrganizationDirectory organizations,
                     Idempotency idempotency, ObjectMapper mapper, KeyEnvironments environments, KeyQuota quota,
                     SecretRegistry secrets) {
        this.secrets = secrets;
        this.quota = quota;
        this.environments = environments;
        this.commands = commands;
        this.generator = generator;
        this.organizations = organizations;
        this.idempotency = idempotency;
        this.mapper = mapper;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue a key (or import one); the answer holds the key's value, this once only",
            responses = @ApiResponse(responseCode = "201", description = "the key record and the key",
                    content = @Content(schema = @Schema(implementation = KeyAnswers.Created.class))))
    ResponseEntity<?> create(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                             @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey,
                             @RequestBody KeyRequests.Create request) {
        caller.require(Permissions.KEYS_WRITE);
        return idempotency.execute(caller.keyId(), idempotencyKey, request, () -> issue(caller, http, request));
    }

    private ResponseEntity<?> issue(Caller caller, HttpServletRequest http, KeyRequests.Create request) {
        String organizationId = request.organizationId() == null ? caller.organizationId() : request.organizationId();
        if (!organizationId.equals(caller.organizationId()) && !caller.isAdmin()) {
            throw new ForbiddenException("only admin keys may create keys for another organization");
        }
        if (!organizations.exists(organizationId)) {
            throw new InvalidFieldException("organization_id", "no organization '" + organizationId + "'");
        }
        requireAuthority(caller, "create", request.permissions(), null);

        String keyValue = null;
        String hash;
        String prefix;
        boolean imported = request.importedKey() != null || request.importedKeyHash() != null;
        Environment environment = request.environment() == null ? Environment.LIVE : request.environment();
        if (request.importedKey() != null && request.importedKeyHash() != null) {
            throw new InvalidFieldException("imported_key", "give either imported_key or imported_key_hash, not both");
        } else if (request.importedKey() != null) {
            if (!ApiKeyFormat.isAcceptableImport(request.importedKey())) {
                throw new InvalidFieldException("imported_key", "must be " + ApiKeyFormat.MIN_IMPORT_LENGTH + "–"
                        + ApiKeyFormat.MAX_IMPORT_LENGTH + " printable characters without spaces and at least "
                        + (int) ApiKeyFormat.MIN_IMPORT_ENTROPY_BITS + " bits of estimated entropy");
            }
            if (ApiKeyFormat.isWellFormed(request.importedKey())) {
                // a keyledger key from another installation names its environment in its prefix
                Environment named = ApiKeyFormat.environmentOf(request.importedKey());
                if (request.environment() != null && request.environment() != named) {
                    throw new InvalidFieldException("environment", "the imported key is a " + named.token() + " key");
                }
                environment = named;
            }
            hash = ApiKeyFormat.sha256Hex(request.importedKey());
            prefix = ApiKeyFormat.displayPrefix(request.importedKey());
        } else if (request.importedKeyHash() != null) {
            if (!ApiKeyFormat.isSha256Hex(request.importedKeyHash())) {
                throw new InvalidFieldException("imported_key_hash", "must be a hex SHA-256 digest (64 characters)");
            }
            hash = request.importedKeyHash().toLowerCase(java.util.Locale.ROOT);
            // nothing of the value is known: show which hash it is
            prefix = "sha256:" + hash.substring(0, 8);
        } else {
            keyValue = generator.generate(environment);
            hash = ApiKeyFormat.sha256Hex(keyValue);
            prefix = ApiKeyFormat.displayPrefix(keyValue);
        }

        requireAuthority(caller, "create", null, environment);
        String meta = KeyMeta.fromJson(request.meta(), mapper);
        Instant expiresAt = organizations.expiryWithin(organizationId, request.expiresAt(), false, Instant.now());
        if (!caller.isAdmin()) {
            KeyRules.withinPlan(request.rateLimit(), organizations.plan(organizationId));
        }
        if (imported) {
            secrets.requireUnused(hash, request.importedKey() != null ? "imported_key" : "imported_key_hash");
        }
        String keyId = KeyGenerator.newKeyId();
        quota.reserve(organizationId, keyId);
        KeyState state;
        try {
            CreateApiKeyCommand command = new CreateApiKeyCommand(keyId, organizationId, request.name(),
                    request.description(), request.owner(), environment, hash, prefix, request.permissions(),
                    request.rateLimit(), request.restrictions(), expiresAt, imported, request.autoRenew(),
                    CreditRules.credits(request.credits(), true), meta);
            // an import may race another for its secret: the group commit never batches two imports of one
            // secret and asks the registry again inside the batch, so the later one is refused alone (409)
            // and never fails the keys it was batched with (SecretRegistry)
            String field = request.importedKey() != null ? "imported_key" : "imported_key_hash";
            state = imported ? commands.sendExclusiveCreation(command, caller.keyId(), http, hash,
                            () -> secrets.requireUnusedInCurrentTransaction(hash, field))
                    : commands.sendCreation(command, caller.keyId(), http);
        } catch (RuntimeException e) {
            quota.release(keyId);
            throw e;
        }
        return ResponseEntity.created(URI.create("/v1/api-keys/" + keyId))
                .eTag(etag(state.version()))
                .body(new KeyAnswers.Created(state, keyValue));
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change a key's settings; fields left out stay, null clears",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = KeyRequests.Patch.class))))
    ResponseEntity<KeyState> update(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                    @PathVariable String id,
                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                    @RequestBody JsonNode body) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        if (!(body instanceof ObjectNode patch)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Set<String> fields = new LinkedHashSet<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (field.equals(CREDITS)) {
                continue; // its own command, below
            }
            if (!UpdateApiKeyCommand.UPDATABLE.contains(field)) {
                throw new InvalidFieldException(field, "unknown field; a PATCH may change "
                        + java.util.stream.Stream.concat(UpdateApiKeyCommand.UPDATABLE.stream(),
                        java.util.stream.Stream.of(CREDITS)).sorted().toList());
            }
            fields.add(field);
        }
        if (fields.contains("name") && patch.get("name").isNull()) {
            throw new InvalidFieldException("name", "must not be null");
        }
        if (fields.contains("permissions") && patch.get("permissions").isNull()) {
            throw new InvalidFieldException("permissions", "must not be null; send [] for none");
        }
        List<String> permissions = read(patch, "permissions", STRING_LIST);
        if (fields.contains("permissions")) {
            requireAuthority(caller, "change", permissions, null);
        }
        Instant expiresAt = read(patch, "expires_at", Instant.class);
        if (fields.contains("expires_at")) {
            String organizationId = caller.isAdmin() ? environments.organizationOf(id) : caller.organizationId();
            expiresAt = organizations.expiryWithin(organizationId, expiresAt, true, Instant.now());
        }
        RateLimit rateLimit = read(patch, "rate_limit", RateLimit.class);
        if (!caller.isAdmin()) {
            KeyRules.withinPlan(rateLimit, organizations.plan(caller.organizationId()));
        }
        boolean withCredits = patch.has(CREDITS);
        // bounded before anything is sent: a bad credits field changes nothing else either
        io.keyledger.api.credits.Credits credits = CreditRules.credits(
                read(patch, CREDITS, io.keyledger.api.credits.Credits.class), false);
        io.keyledger.api.keys.AutoRenew autoRenew = read(patch, "auto_renew", io.keyledger.api.keys.AutoRenew.class);
        String description = read(patch, "description", String.class);
        String name = read(patch, "name", String.class);
        Restrictions restrictions = read(patch, "restrictions", Restrictions.class);
        String meta = KeyMeta.fromJson(patch.get("meta"), mapper);
        Long expected = version(ifMatch);
        KeyState state = null;
        if (!fields.isEmpty() || !withCredits) {
            state = commands.send(new UpdateApiKeyCommand(id, scope(caller), expected, fields, name, description,
                    permissions, rateLimit, restrictions, expiresAt, authority(caller), autoRenew, meta), caller.keyId(), http);
            expected = state.version();
        }
        if (withCredits) {
            // the version the settings change left: a change by someone else in between is a 412, not lost
            state = commands.send(new io.keyledger.api.credits.CreditCommands.ConfigureCredits(id, scope(caller),
                    expected, authority(caller), credits), caller.keyId(), http);
        }
        return ResponseEntity.ok().eTag(etag(state.version())).body(state);
    }

    @PostMapping("/{id}/rotate")
    @Operation(summary = "Give the key a new secret; the old one stays valid for grace_period_seconds (0–604800)")
    ResponseEntity<KeyAnswers.Rotated> rotate(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                              @PathVariable String id,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody(required = false) KeyRequests.Rotate request) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        long grace = request == null || request.gracePeriodSeconds() == null ? 0 : request.gracePeriodSeconds();
        KeyRules.gracePeriodSeconds(grace);
        String keyValue = generator.generate(environments.of(id));
        RotationResult result = commands.send(new RotateApiKeyCommand(id, scope(caller), version(ifMatch),
                ApiKeyFormat.sha256Hex(keyValue), ApiKeyFormat.displayPrefix(keyValue), grace, authority(caller)),
                caller.keyId(), http);
        return ResponseEntity.ok().eTag(etag(result.version()))
                .body(new KeyAnswers.Rotated(result.id(), keyValue, result.prefix(), result.previousKeyValidUntil(),
                        result.version()));
    }

    @PostMapping("/{id}/end-grace")
    @Operation(summary = "Retire the previous secret of a rotation now, before its grace period ends")
    ResponseEntity<KeyState> endGrace(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                      @PathVariable String id,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        KeyState state = commands.send(new io.keyledger.api.keys.EndApiKeyGraceCommand(id, scope(caller),
                version(ifMatch), authority(caller)), caller.keyId(), http);
        return ResponseEntity.ok().eTag(etag(state.version())).body(state);
    }

    @PostMapping("/{id}/disable")
    @Operation(summary = "Switch the key off until it is enabled again")
    ResponseEntity<KeyState> disable(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                     @PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        KeyState state = commands.send(new DisableApiKeyCommand(id, scope(caller), version(ifMatch), authority(caller)), caller.keyId(), http);
        return ResponseEntity.ok().eTag(etag(state.version())).body(state);
    }

    @PostMapping("/{id}/enable")
    @Operation(summary = "Switch a disabled key back on")
    ResponseEntity<KeyState> enable(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                    @PathVariable String id,
                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        KeyState state = commands.send(new EnableApiKeyCommand(id, scope(caller), version(ifMatch), authority(caller)), caller.keyId(), http);
        return ResponseEntity.ok().eTag(etag(state.version())).body(state);
    }

    @DeleteMapping("/{id}")
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the key for good (idempotent)")
    ResponseEntity<Void> revoke(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                @PathVariable String id,
                                @RequestBody(required = false) KeyRequests.Revoke request) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        commands.send(new RevokeApiKeyCommand(id, scope(caller), request == null ? null : request.reason(),
                authority(caller)),
                caller.keyId(), http);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    @PostMapping(path = "/{id}/credits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set or add to the key's credits: {op: set|add, amount}",
            responses = @ApiResponse(responseCode = "200", description = "the key record",
                    content = @Content(schema = @Schema(implementation = KeyState.class))))
    ResponseEntity<KeyState> credits(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                     @PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody KeyRequests.CreditChange request) {
        caller.require(Permissions.KEYS_WRITE);
        requireKeyId(id);
        if (request.op() == null) {
            throw new InvalidFieldException("op", "is required: set or add");
        }
        CreditRules.amount("amount", request.amount(),
                request.op() == io.keyledger.api.credits.CreditCommands.ChangeCredits.Op.SET ? 0 : 1);
        KeyState state = commands.send(new io.keyledger.api.credits.CreditCommands.ChangeCredits(id, scope(caller),
                version(ifMatch), authority(caller), request.op(), request.amount()), caller.keyId(), http);
        return ResponseEntity.ok().eTag(etag(state.version())).body(state);
    }

    private static final String CREDITS = "credits";

    /** Admin keys act on every organization; any other key only on its own. */
    private static String scope(Caller caller) {
        return caller.isAdmin() ? null : caller.organizationId();
    }

    private static Authority authority(Caller caller) {
        return new Authority(caller.permissions(), caller.environment());
    }

    /** The grant rule of {@link Authority}: 403 naming the permission, before anything is sent. */
    private static void requireAuthority(Caller caller, String verb, List<String> permissions, Environment environment) {
        String refusal = authority(caller).refusal(verb, permissions, environment);
        if (refusal != null) {
            throw new KeyAuthorityException(refusal);
        }
    }

    /** Ids that cannot be a key id are unknown keys, never another aggregate's stream. */
    private static void requireKeyId(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new KeyNotFoundException(id);
        }
    }

    /** {@code If-Match: "3"} (or {@code W/"3"}, or {@code 3}); {@code *} and absent mean "any version". */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("\\d{1,18}")) {
            throw new InvalidFieldException("If-Match", "must be the key's version as an entity tag, e.g. \"3\"");
        }
        return Long.parseLong(tag);
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRING_LIST =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private <T> T read(ObjectNode patch, String field, Class<T> type) {
        JsonNode node = patch.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new InvalidFieldException(field, describe(e, type.getSimpleName()));
        }
    }

    private <T> T read(ObjectNode patch, String field, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        JsonNode node = patch.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return mapper.readerFor(type).readValue(node);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InvalidFieldException(field, describe(e, "list of strings"));
        }
    }

    private static String describe(Exception e, String expected) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        return "must be a valid " + (expected.equals("Instant") ? "RFC 3339 timestamp" : expected);
    }
}
