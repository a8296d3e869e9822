package io.keyledger.command.credits;

import io.keyledger.api.credits.CreditCommands;
import io.keyledger.api.credits.LeaseGrant;
import io.keyledger.command.keys.CreditRules;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.web.Commands;
import io.keyledger.support.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Credit leases for validators (package-info). */
@RestController
@RequestMapping("/v1/credit-leases")
@Tag(name = "Credit leases", description = "Validators lease blocks of a key's credits and give back what is left")
class CreditLeaseController {

    static final String PERMISSION = "credits:lease";
    private static final Pattern KEY_ID = Pattern.compile("key_[A-Za-z0-9_]{1,64}");
    static final long DEFAULT_TTL_SECONDS = 30;

    private final Commands commands;

    CreditLeaseController(Commands commands) {
        this.commands = commands;
    }

    /** {@code POST /v1/credit-leases}. */
    record LeaseRequest(String keyId, String leaseId, String holder, Long requested, Long minimum, Long ttlSeconds,
                        String previousLeaseId, Long previousUnspent) {
    }

    /** {@code POST /v1/credit-leases/{lease_id}/return}. */
    record ReturnRequest(String keyId, Long unspent) {
    }

    /** What a lease or a return answers. */
    record LeaseAnswer(String leaseId, long granted, Long balance, Instant expiresAt, long epoch, Instant nextRefillAt) {
        static LeaseAnswer of(LeaseGrant grant) {
            return new LeaseAnswer(grant.leaseId(), grant.granted(), grant.balance(), grant.expiresAt(), grant.epoch(),
                    grant.nextRefillAt());
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Lease a block of a key's credits (validators; credits:lease)")
    LeaseAnswer lease(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @RequestBody LeaseRequest request) {
        caller.require(PERMISSION);
        String keyId = keyId(request.keyId());
        long requested = CreditRules.amount("requested", request.requested(), 1);
        long minimum = request.minimum() == null ? 1 : CreditRules.amount("minimum", request.minimum(), 1);
        long ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        if (ttl < 1 || ttl > CreditRules.MAX_TTL_SECONDS) {
            throw new InvalidFieldException("ttl_seconds", "must be 1–" + CreditRules.MAX_TTL_SECONDS);
        }
        long previousUnspent = request.previousUnspent() == null ? 0 : request.previousUnspent();
        if (previousUnspent < 0 || previousUnspent > io.keyledger.api.credits.Credits.MAX) {
            throw new InvalidFieldException("previous_unspent", "must be 0–" + io.keyledger.api.credits.Credits.MAX);
        }
        LeaseGrant grant = commands.send(new CreditCommands.LeaseCredits(keyId, request.leaseId(), request.holder(),
                requested, minimum, ttl, request.previousLeaseId(), previousUnspent), caller.keyId(), http);
        return LeaseAnswer.of(grant);
    }

    @PostMapping(path = "/{leaseId}/return", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Give back what is left of a lease (validators; credits:lease)")
    LeaseAnswer giveBack(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String leaseId,
                         @RequestBody ReturnRequest request) {
        caller.require(PERMISSION);
        String keyId = keyId(request.keyId());
        if (!CreditRules.LEASE_ID.matcher(leaseId).matches()) {
            throw new InvalidFieldException("lease_id", "must be 1–64 of A–Z a–z 0–9 _ -");
        }
        long unspent = CreditRules.amount("unspent", request.unspent(), 0);
        LeaseGrant grant = commands.send(new CreditCommands.ReturnCredits(keyId, leaseId, unspent), caller.keyId(), http);
        return LeaseAnswer.of(grant);
    }

    private static String keyId(String keyId) {
        if (keyId == null) {
            throw new InvalidFieldException("key_id", "is required");
        }
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new KeyNotFoundException(keyId);
        }
        return keyId;
    }
}
