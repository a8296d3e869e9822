package io.keyledger.command.requests;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Permissions;
import io.keyledger.api.requests.ApproveKeyRequestCommand;
import io.keyledger.api.requests.ClaimKeyRequestCommand;
import io.keyledger.api.requests.DenyKeyRequestCommand;
import io.keyledger.api.requests.KeyRequestApprovedEvent;
import io.keyledger.api.requests.KeyRequestClaimReleasedEvent;
import io.keyledger.api.requests.KeyRequestClaimedEvent;
import io.keyledger.api.requests.KeyRequestDeniedEvent;
import io.keyledger.api.requests.KeyRequestExpiredEvent;
import io.keyledger.api.requests.KeyRequestStatus;
import io.keyledger.api.requests.KeyRequestSubmittedEvent;
import io.keyledger.api.requests.KeySpec;
import io.keyledger.api.requests.ReleaseKeyRequestClaimCommand;
import io.keyledger.api.requests.SubmitKeyRequestCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.command.keys.KeyAuthorityException;
import io.keyledger.command.keys.KeyLifecycleException;
import io.keyledger.command.keys.KeyNotFoundException;
import io.keyledger.command.keys.KeyRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A key request (DESIGN §9): pending → approved / denied / expired; approved → claimed. Four
 * eyes: the requester neither approves nor denies its own request; the approver must be able to
 * grant what is asked (the grant rule of {@link io.keyledger.api.keys.Authority}). A pending
 * request expires after {@link #PENDING_FOR} by a durable deadline. The key is generated only when
 * the request is claimed, so no plaintext waits anywhere; a claim happens once.
 */
@Aggregate
class KeyRequest {

    static final String EXPIRY_DEADLINE = "key-request-expiry";
    static final Duration PENDING_FOR = Duration.ofDays(7);
    static final int MAX_TEXT = KeyRules.MAX_DESCRIPTION_LENGTH;

    @AggregateIdentifier
    private String requestId;
    private String organizationId;
    private String requesterKeyId;
    private KeySpec spec;
    private KeyRequestStatus status;
    private Instant pendingUntil;
    private String claimedKeyId;

    protected KeyRequest() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    KeyRequestStatus handle(SubmitKeyRequestCommand command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        if (command.organizationId() == null || command.organizationId().isBlank()) {
            throw new InvalidFieldException("organization_id", "must not be empty");
        }
        if (command.spec() == null) {
            throw new InvalidFieldException("name", "must not be empty");
        }
        KeySpec asked = command.spec();
        KeySpec valid = new KeySpec(KeyRules.name(asked.name()), KeyRules.description(asked.description()),
                KeyRules.owner(asked.owner()), asked.environment() == null ? Environment.LIVE : asked.environment(),
                KeyRules.permissions(asked.permissions()), KeyRules.rateLimit(asked.rateLimit()),
                KeyRules.restrictions(asked.restrictions()), asked.expiresAt());
        KeyRules.expiresAt(valid.expiresAt(), now);
        String justification = text("justification", command.justification());
        boolean approvalRequired = needsApproval(valid.permissions(), command.approvalRequiredFor());
        Instant until = approvalRequired ? now.plus(PENDING_FOR) : null;
        apply(new KeyRequestSubmittedEvent(command.requestId(), command.organizationId(), command.requesterKeyId(),
                valid, justification, approvalRequired, until));
        if (approvalRequired) {
            deadlines.schedule(until, EXPIRY_DEADLINE);
        } else {
            apply(new KeyRequestApprovedEvent(command.requestId(), command.organizationId(), null,
                    "no permission asked needs approval (approval_required_for)", true));
        }
        return status;
    }

    @CommandHandler
    KeyRequestStatus handle(ApproveKeyRequestCommand command, Clock clock) {
        requireVisibleTo(command.organizationScope());
        requireFourEyes(command.approverKeyId(), "approve");
        String refusal = command.authority() == null ? null
                : command.authority().refusal("approve", spec.permissions(), spec.environment());
        if (refusal != null) {
            throw new KeyAuthorityException(refusal.replace("this key cannot approve a key",
                    "this key cannot approve a request for a key"));
        }
        String note = text("note", command.note());
        requirePending(clock.instant(), "approved");
        apply(new KeyRequestApprovedEvent(requestId, organizationId, command.approverKeyId(), note, false));
        return status;
    }

    @CommandHandler
    KeyRequestStatus handle(DenyKeyRequestCommand command, Clock clock) {
        requireVisibleTo(command.organizationScope());
        requireFourEyes(command.approverKeyId(), "deny");
        String reason = text("reason", command.reason());
        requirePending(clock.instant(), "denied");
        apply(new KeyRequestDeniedEvent(requestId, organizationId, command.approverKeyId(), reason));
        return status;
    }

    @CommandHandler
    KeySpec handle(ClaimKeyRequestCommand command) {
        requireVisibleTo(command.organizationScope());
        if (!requesterKeyId.equals(command.claimerKeyId())) {
            throw new KeyAuthorityException("only the key that asked for this request may claim it");
        }
        switch (status) {
            case CLAIMED -> throw new KeyRequestGoneException("the request was claimed already; its key was shown once, "
                    + "to that claim");
            case PENDING -> throw new KeyLifecycleException("the request is pending: it can be claimed once approved");
            case DENIED -> throw new KeyLifecycleException("the request was denied; a denied request cannot be claimed");
            case EXPIRED -> throw new KeyLifecycleException("the request has expired; an expired request cannot be claimed");
            case APPROVED -> apply(new KeyRequestClaimedEvent(requestId, organizationId, command.keyId()));
        }
        return spec;
    }

    @CommandHandler
    void handle(ReleaseKeyRequestClaimCommand command) {
        if (status == KeyRequestStatus.CLAIMED && command.keyId().equals(claimedKeyId)) {
            apply(new KeyRequestClaimReleasedEvent(requestId, organizationId, claimedKeyId,
                    command.reason() == null ? null : truncate(command.reason())));
        }
    }

    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void expire() {
        if (status == KeyRequestStatus.PENDING) {
            apply(new KeyRequestExpiredEvent(requestId, organizationId));
        }
    }

    /**
     * Whether an asked permission overlaps a pattern of {@code approval_required_for}: some concrete
     * permission is granted by both ({@code *:write} asked under {@code keys:*} needs approval, as
     * does anything asked under {@code admin:*}).
     */
    static boolean needsApproval(List<String> asked, List<String> patterns) {
        if (asked == null || patterns == null) {
            return false;
        }
        for (String permission : asked) {
            for (String pattern : patterns) {
                if (overlap(permission, pattern)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean overlap(String a, String b) {
        if (a.equals(Permissions.ADMIN) || b.equals(Permissions.ADMIN) || a.equals(b)) {
            return true;
        }
        int i = a.indexOf(':');
        int j = b.indexOf(':');
        if (i < 0 || j < 0) {
            return false;
        }
        return partsOverlap(a.substring(0, i), b.substring(0, j)) && partsOverlap(a.substring(i + 1), b.substring(j + 1));
    }

    private static boolean partsOverlap(String a, String b) {
        return a.equals("*") || b.equals("*") || a.equals(b);
    }

    private void requireVisibleTo(String organizationScope) {
        if (organizationScope != null && !organizationScope.equals(organizationId)) {
            throw new KeyNotFoundException.Described("no key request '" + requestId + "'");
        }
    }

    private void requireFourEyes(String deciderKeyId, String verb) {
        if (requesterKeyId.equals(deciderKeyId)) {
            throw new KeyAuthorityException("four-eyes rule: the key that asked for a request cannot " + verb
                    + " it; another key with keys:approve must");
        }
    }

    /** A decision needs a pending request: past its 7 days it is expired even before the deadline fired. */
    private void requirePending(Instant now, String decided) {
        if (status == KeyRequestStatus.EXPIRED
                || status == KeyRequestStatus.PENDING && pendingUntil != null && !now.isBefore(pendingUntil)) {
            throw new KeyLifecycleException("the request has expired (undecided for " + PENDING_FOR.toDays()
                    + " days); an expired request cannot be " + decided);
        }
        if (status != KeyRequestStatus.PENDING) {
            throw new KeyLifecycleException("the request is " + status.name().toLowerCase(java.util.Locale.ROOT)
                    + " already; only a pending request can be " + decided);
        }
    }

    private static String text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    private static String truncate(String reason) {
        return reason.length() > MAX_TEXT ? reason.substring(0, MAX_TEXT) : reason;
    }

    @EventSourcingHandler
    void on(KeyRequestSubmittedEvent event) {
        requestId = event.requestId();
        organizationId = event.organizationId();
        requesterKeyId = event.requesterKeyId();
        spec = event.spec();
        pendingUntil = event.pendingUntil();
        status = KeyRequestStatus.PENDING;
    }

    @EventSourcingHandler
    void on(KeyRequestApprovedEvent event) {
        status = KeyRequestStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(KeyRequestDeniedEvent event) {
        status = KeyRequestStatus.DENIED;
    }

    @EventSourcingHandler
    void on(KeyRequestExpiredEvent event) {
        status = KeyRequestStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(KeyRequestClaimedEvent event) {
        status = KeyRequestStatus.CLAIMED;
        claimedKeyId = event.keyId();
    }

    @EventSourcingHandler
    void on(KeyRequestClaimReleasedEvent event) {
        status = KeyRequestStatus.APPROVED;
        claimedKeyId = null;
    }
}
