package io.keyledger.command.requests;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Authority;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.requests.ApproveKeyRequestCommand;
import io.keyledger.api.requests.ClaimKeyRequestCommand;
import io.keyledger.api.requests.DenyKeyRequestCommand;
import io.keyledger.api.requests.KeyRequestStatus;
import io.keyledger.api.requests.KeySpec;
import io.keyledger.api.requests.ReleaseKeyRequestClaimCommand;
import io.keyledger.api.requests.SubmitKeyRequestCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyGenerator;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.keys.KeyRules;
import io.keyledger.command.keys.KeyState;
import io.keyledger.command.organizations.KeyQuota;
import io.keyledger.command.organizations.OrganizationDirectory;
import io.keyledger.command.web.Commands;
import io.keyledger.support.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key requests and approval (API.md). Any key of an organization asks; a key with
 * {@code keys:approve} (never the requester) approves or denies; the requester claims once, and
 * only the claim generates the key, whose value is in that answer alone.
 */
@RestController
@RequestMapping("/v1/key-requests")
@Tag(name = "Key requests", description = "Ask for a key, approve or deny with four eyes, claim it once")
class KeyRequestController {

    static final String KEYS_APPROVE = "keys:approve";
    private static final Pattern REQUEST_ID = Pattern.compile("kr_[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Commands commands;
    private final KeyRequestView view;
    private final OrganizationDirectory organizations;
    private final KeyGenerator generator;
    private final KeyQuota quota;
    private final ObjectMapper mapper;
    private final Clock clock;

    KeyRequestController(Commands commands, KeyRequestView view, OrganizationDirectory organizations,
                         KeyGenerator generator, KeyQuota quota, ObjectMapper mapper, Clock clock) {
        this.commands = commands;
        this.view = view;
        this.organizations = organizations;
        this.generator = generator;
        this.quota = quota;
        this.mapper = mapper;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask for a key (any key of the organization); approved at once when nothing asked "
            + "falls under the organization's approval_required_for")
    ResponseEntity<KeyRequestAnswers.Request> submit(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                                     @RequestBody KeyRequestAnswers.Create body) {
        String organizationId = caller.organizationId();
        if (body.expiresAt() != null) {
            organizations.expiryWithin(organizationId, body.expiresAt(), true, clock.instant());
        }
        if (!caller.isAdmin()) {
            KeyRules.withinPlan(body.rateLimit(), organizations.plan(organizationId));
        }
        String id = newRequestId();
        List<String> approvalRequiredFor = organizations.policy(organizationId).approvalRequiredFor();
        commands.send(new SubmitKeyRequestCommand(id, organizationId, caller.keyId(),
                new KeySpec(body.name(), body.description(), body.owner(), body.environment(), body.permissions(),
                        body.rateLimit(), body.restrictions(), body.expiresAt()),
                body.justification(), approvalRequiredFor == null ? List.of() : approvalRequiredFor),
                caller.keyId(), http);
        return ResponseEntity.created(URI.create("/v1/key-requests/" + id)).body(answer(view.find(id)));
    }

    @GetMapping
    @Operation(summary = "The organization's requests (keys:approve) or the caller's own, newest first")
    KeyRequestAnswers.Page list(@Parameter(hidden = true) Caller caller,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer limit) {
        KeyRequestStatus wanted = null;
        if (status != null) {
            try {
                wanted = KeyRequestStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("status", "must be one of pending, approved, denied, expired, claimed");
            }
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > KeyRequestView.MAX_LIMIT) {
            throw new InvalidFieldException("limit", "must be 1–" + KeyRequestView.MAX_LIMIT);
        }
        String requester = caller.has(KEYS_APPROVE) ? null : caller.keyId();
        Instant now = clock.instant();
        List<KeyRequestAnswers.Request> data = view.list(caller.organizationId(), requester, wanted, size, now)
                .stream().map(row -> KeyRequestAnswers.Request.of(row, spec(row), now)).toList();
        return new KeyRequestAnswers.Page(data);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One request: of the organization with keys:approve, else only the caller's own")
    KeyRequestAnswers.Request get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
        return answer(visible(caller, id));
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve a pending request (keys:approve; never the requester; the approver must be able "
            + "to grant what is asked)")
    KeyRequestAnswers.Request approve(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                      @PathVariable String id,
                                      @RequestBody(required = false) KeyRequestAnswers.Approve body) {
        caller.require(KEYS_APPROVE);
        requireId(id);
        commands.send(new ApproveKeyRequestCommand(id, caller.organizationId(), caller.keyId(), authority(caller),
                body == null ? null : body.note()), caller.keyId(), http);
        return answer(view.find(id));
    }

    @PostMapping("/{id}/deny")
    @Operation(summary = "Deny a pending request (keys:approve; never the requester)")
    KeyRequestAnswers.Request deny(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                   @PathVariable String id,
                                   @RequestBody(required = false) KeyRequestAnswers.Deny body) {
        caller.require(KEYS_APPROVE);
        requireId(id);
        commands.send(new DenyKeyRequestCommand(id, caller.organizationId(), caller.keyId(),
                body == null ? null : body.reason()), caller.keyId(), http);
        return answer(view.find(id));
    }

    /**
     * The claim first marks the request claimed (once: a second claim is 410), then creates the
     * key; when the organization refuses the key (its quota, its lifetime) the claim is released,
     * so the request can be claimed again and no key half exists.
     */
    @PostMapping("/{id}/claim")
    @Operation(summary = "Claim an approved request (the requester, once): the key is generated now and shown once")
    KeyRequestAnswers.Claimed claim(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                    @PathVariable String id) {
        KeyRequestRow row = visible(caller, id);
        String keyId = KeyGenerator.newKeyId();
        quota.reserve(row.organizationId, keyId);
        boolean claimed = false;
        try {
            KeySpec spec = commands.send(new ClaimKeyRequestCommand(id, caller.organizationId(), caller.keyId(), keyId),
                    caller.keyId(), http);
            claimed = true;
            Environment environment = spec.environment() == null ? Environment.LIVE : spec.environment();
            Instant expiresAt = organizations.expiryWithin(row.organizationId, spec.expiresAt(), false, clock.instant());
            String value = generator.generate(environment);
            KeyState state = commands.send(new CreateApiKeyCommand(keyId, row.organizationId, spec.name(),
                    spec.description(), spec.owner(), environment, ApiKeyFormat.sha256Hex(value),
                    ApiKeyFormat.displayPrefix(value), spec.permissions(), spec.rateLimit(), spec.restrictions(),
                    expiresAt, false), caller.keyId(), http);
            return new KeyRequestAnswers.Claimed(state, value, id);
        } catch (RuntimeException e) {
            quota.release(keyId);
            if (claimed) {
                commands.send(new ReleaseKeyRequestClaimCommand(id, keyId, "the key could not be created"),
                        caller.keyId(), http);
            }
            throw e;
        }
    }

    /** 404 for an id that cannot be a request, another organization's, or (without keys:approve) another key's. */
    private KeyRequestRow visible(Caller caller, String id) {
        requireId(id);
        KeyRequestRow row = view.find(id);
        if (row == null || !row.organizationId.equals(caller.organizationId())
                || !caller.has(KEYS_APPROVE) && !row.requesterKeyId.equals(caller.keyId())) {
            throw notFound(id);
        }
        return row;
    }

    private static void requireId(String id) {
        if (!REQUEST_ID.matcher(id).matches()) {
            throw notFound(id.length() > 80 ? id.substring(0, 80) : id);
        }
    }

    private static KeyNotFoundException notFound(String id) {
        return new KeyNotFoundException.Described("no key request '" + id + "'");
    }

    private KeyRequestAnswers.Request answer(KeyRequestRow row) {
        return KeyRequestAnswers.Request.of(row, spec(row), clock.instant());
    }

    private KeySpec spec(KeyRequestRow row) {
        try {
            return mapper.readValue(row.specJson, KeySpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable key request " + row.id, e);
        }
    }

    private static Authority authority(Caller caller) {
        return new Authority(caller.permissions(), caller.environment());
    }

    private static String newRequestId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "kr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x');
    }
}
