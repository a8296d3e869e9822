package io.keyledger.command.keys;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.keys.AutoRenew;
import io.keyledger.api.keys.Authority;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.ApiKeyMetaChangedEvent;
import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.api.keys.CreateApiKeyCommand;
import io.keyledger.api.keys.DisabledReason;
import io.keyledger.api.keys.LeakedSecret;
import io.keyledger.api.keys.ReportApiKeyLeakCommand;
import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;
import io.keyledger.api.keys.DisableApiKeyCommand;
import io.keyledger.api.keys.EnableApiKeyCommand;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.keys.RevokeApiKeyCommand;
import io.keyledger.api.keys.RotateApiKeyCommand;
import io.keyledger.api.keys.UpdateApiKeyCommand;
import io.keyledger.api.credits.ApiKeyCreditLeaseEndedEvent;
import io.keyledger.api.credits.ApiKeyCreditsChangedEvent;
import io.keyledger.api.credits.ApiKeyCreditsLeasedEvent;
import io.keyledger.api.credits.CreditChange;
import io.keyledger.api.credits.CreditCommands;
import io.keyledger.api.credits.CreditRefill;
import io.keyledger.api.credits.Credits;
import io.keyledger.api.credits.LeaseGrant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An API key's life (DESIGN.md §3). Guards first, then {@code apply}; state changes only in the
 * event sourcing handlers. Time comes from the injected {@link Clock}; the durable deadlines
 * (expiry, the notices 30, 7 and 1 day before it, the end of a rotation's grace period) come
 * from the {@link DeadlineManager}, and their handlers re-check the state, so a deadline made
 * stale by a later change (a new expiry, a renewal, another rotation, a revocation) does nothing.
 * At each notice a key with an {@link AutoRenew} rule that qualifies is renewed instead
 * ({@link RenewalFacts} tells its last use and the organization's lifetime cap).
 */
@Aggregate
public class ApiKey {

    static final String EXPIRY_DEADLINE = "key-expiry";
    static final String WARNING_DEADLINE = "key-expiry-warning";
    static final String GRACE_DEADLINE = "key-rotation-grace-end";
    static final Duration WARNING_BEFORE_EXPIRY = Duration.ofDays(30);
    /** The expiry notices ({@code key.expiring}), in days before the expiry, longest first. */
    static final List<Integer> NOTICE_DAYS = List.of(30, 7, 1);

    /** Deadline payloads: they name what they were scheduled for, so a stale one can be told apart. */
    record ExpiryDue(Instant expiresAt) {
    }

    /** {@code daysBefore} is {@code null} in deadlines scheduled before there were three notices: the 30-day one. */
    record ExpiryWarningDue(Instant expiresAt, Integer daysBefore) {
        int notice() {
            return daysBefore == null ? 30 : daysBefore;
        }
    }

    record GraceEnded(String previousKeyHash) {
    }

    @AggregateIdentifier
    private String keyId;
    private String organizationId;
    private String name;
    private String description;
    private Owner owner;
    private Environment environment;
    private String keyHash;
    private String prefix;
    private List<String> permissions;
    private RateLimit rateLimit;
    private Restrictions restrictions;
    private Instant expiresAt;
    private Instant createdAt;
    private KeyStatus status;
    private String previousKeyHash;
    private Instant warnedFor;
    private final Set<Integer> warnedNotices = new HashSet<>();
    private AutoRenew autoRenew;
    private DisabledReason disabledReason;
    /** Leak reports already recorded, by secret and source: the same report again changes nothing. */
    private final Set<String> reportedLeaks = new HashSet<>();
    /** Compact JSON text of the key's {@code meta}, {@code null} for none. */
    private String meta;
    private long version;
    /** Balance, refill rule and open leases (DESIGN §9): see the credit handlers at the end. */
    private final KeyCredits credits = new KeyCredits();

    protected ApiKey() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    KeyState handle(CreateApiKeyCommand command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        String validName = KeyRules.name(command.name());
        String validDescription = KeyRules.description(command.description());
        List<String> validPermissions = KeyRules.permissions(command.permissions());
        RateLimit validRateLimit = KeyRules.rateLimit(command.rateLimit());
        Restrictions validRestrictions = KeyRules.restrictions(command.restrictions());
        String hash = KeyRules.keyHash(command.keyHash());
        requireFuture(command.expiresAt(), now);
        if (command.organizationId() == null || command.organizationId().isBlank()) {
            throw new InvalidFieldException("organization_id", "must not be empty");
        }
        Owner validOwner = KeyRules.owner(command.owner());
        AutoRenew validAutoRenew = KeyRules.autoRenew(command.autoRenew());
        Credits validCredits = CreditRules.credits(command.credits(), true);
        String validMeta = KeyMeta.check(command.meta());
        apply(new ApiKeyCreatedEvent(command.keyId(), command.organizationId(), validName, validDescription,
                validOwner, command.environment() == null ? Environment.LIVE : command.environment(), hash,
                command.prefix(), validPermissions, validRateLimit, validRestrictions, command.expiresAt(),
                command.imported(), validAutoRenew));
        if (validMeta != null) {
            apply(new ApiKeyMetaChangedEvent(command.keyId(), command.organizationId(), validMeta));
        }
        if (validCredits != null) {
            configureCredits(validCredits, now, deadlines);
        }
        scheduleExpiry(deadlines, now);
        return state();
    }

    @CommandHandler
    KeyState handle(UpdateApiKeyCommand command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        requireChangeable(command.organizationScope(), command.authority(), "change", command.expectedVersion(), now);
        Set<String> fields = command.fields() == null ? Set.of() : command.fields();
        for (String field : fields) {
            if (!UpdateApiKeyCommand.UPDATABLE.contains(field)) {
                throw new InvalidFieldException(field, "cannot be changed");
            }
        }
        String newName = fields.contains("name") ? KeyRules.name(command.name()) : name;
        String newDescription = fields.contains("description") ? KeyRules.description(command.description()) : description;
        List<String> newPermissions = fields.contains("permissions")
                ? KeyRules.permissions(command.permissions()) : permissions;
        RateLimit newRateLimit = fields.contains("rate_limit") ? KeyRules.rateLimit(command.rateLimit()) : rateLimit;
        Restrictions newRestrictions = fields.contains("restrictions")
                ? KeyRules.restrictions(command.restrictions()) : restrictions;
        Instant newExpiresAt = expiresAt;
        if (fields.contains("expires_at")) {
            requireFuture(command.expiresAt(), now);
            newExpiresAt = command.expiresAt();
        }
        AutoRenew newAutoRenew = fields.contains("auto_renew") ? KeyRules.autoRenew(command.autoRenew()) : autoRenew;
        String newMeta = fields.contains("meta") ? KeyMeta.check(command.meta()) : meta;

        Set<String> changed = new LinkedHashSet<>();
        addIfChanged(changed, "name", name, newName);
        addIfChanged(changed, "description", description, newDescription);
        addIfChanged(changed, "permissions", permissions, newPermissions);
        addIfChanged(changed, "rate_limit", rateLimit, newRateLimit);
        addIfChanged(changed, "restrictions", restrictions, newRestrictions);
        addIfChanged(changed, "expires_at", expiresAt, newExpiresAt);
        addIfChanged(changed, "auto_renew", autoRenew, newAutoRenew);
        if (!Objects.equals(meta, newMeta)) {
            // its own event: the settings event stays what it was for every reader that knows it
            apply(new ApiKeyMetaChangedEvent(keyId, organizationId, newMeta));
        }
        if (changed.isEmpty()) {
            return state();
        }
        apply(new ApiKeyUpdatedEvent(keyId, organizationId, Set.copyOf(changed), newName, newDescription,
                newPermissions, newRateLimit, newRestrictions, newExpiresAt, newAutoRenew));
        if (changed.contains("expires_at")) {
            scheduleExpiry(deadlines, now);
        }
        return state();
    }

    @CommandHandler
    RotationResult handle(RotateApiKeyCommand command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        requireChangeable(command.organizationScope(), command.authority(), "rotate", command.expectedVersion(), now);
        String newHash = KeyRules.keyHash(command.keyHash());
        long grace = KeyRules.gracePeriodSeconds(command.gracePeriodSeconds());
        if (newHash.equals(keyHash) || newHash.equals(previousKeyHash)) {
            throw new InvalidFieldException("key", "the new secret must differ from the current and previous ones");
        }
        if (previousKeyHash != null) {
            // only one previous secret is honoured: a rotation within a grace period ends that grace now
            apply(new ApiKeyPreviousSecretRetiredEvent(keyId, organizationId, previousKeyHash));
        }
        Instant validUntil = grace == 0 ? null : now.plusSeconds(grace);
        String replaced = keyHash;
        apply(new ApiKeyRotatedEvent(keyId, organizationId, newHash, command.prefix(), replaced, validUntil));
        if (validUntil != null) {
            deadlines.schedule(validUntil, GRACE_DEADLINE, new GraceEnded(replaced));
        }
        return new RotationResult(keyId, prefix, validUntil, version);
    }

    /**
     * The rotation assistant's "every caller has moved": the previous secret stops working now, by the
     * same event as its grace deadline (which then finds nothing to retire). Without a previous secret
     * in grace nothing changes, as a second disable changes nothing.
     */
    @CommandHandler
    KeyState handle(io.keyledger.api.keys.EndApiKeyGraceCommand command, Clock clock) {
        requireChangeable(command.organizationScope(), command.authority(), "end the grace period of",
                command.expectedVersion(), clock.instant());
        if (previousKeyHash != null) {
            apply(new ApiKeyPreviousSecretRetiredEvent(keyId, organizationId, previousKeyHash));
        }
        return state();
    }

    @CommandHandler
    KeyState handle(DisableApiKeyCommand command, Clock clock) {
        requireChangeable(command.organizationScope(), command.authority(), "disable", command.expectedVersion(), clock.instant());
        if (status == KeyStatus.ACTIVE) {
            apply(new ApiKeyDisabledEvent(keyId, organizationId));
        }
        return state();
    }

    @CommandHandler
    KeyState handle(EnableApiKeyCommand command, Clock clock) {
        requireChangeable(command.organizationScope(), command.authority(), "enable", command.expectedVersion(), clock.instant());
        if (status == KeyStatus.DISABLED) {
            apply(new ApiKeyEnabledEvent(keyId, organizationId));
        }
        return state();
    }

    @CommandHandler
    void handle(RevokeApiKeyCommand command, Clock clock) {
        requireVisibleTo(command.organizationScope());
        requireAuthority(command.authority(), "revoke");
        if (status == KeyStatus.REVOKED) {
            return;
        }
        requireNotTerminal(clock.instant());
        if (command.reason() != null && command.reason().length() > KeyRules.MAX_DESCRIPTION_LENGTH) {
            throw new InvalidFieldException("reason", "must be at most " + KeyRules.MAX_DESCRIPTION_LENGTH + " characters");
        }
        apply(new ApiKeyRevokedEvent(keyId, organizationId, command.reason()));
    }

    /**
     * A leak report resolved to this key (DESIGN §9 "Leak response"). Only a secret that still
     * works is acted on: the current one, or the previous one within its grace period; a report of
     * a secret the key no longer accepts, of a revoked or expired key, or one already recorded
     * (same secret, same source) changes nothing. Otherwise the report is recorded and the
     * organization's {@code on_leak} carried out: for the current secret {@code disable} (reason
     * {@code leaked}) or {@code revoke}; for a previous secret in grace, {@code disable} and
     * {@code revoke} both retire that secret now — the leaked value stops working and the current
     * one, which was not reported, goes on; {@code notify} records and notifies only.
     */
    @CommandHandler
    void handle(ReportApiKeyLeakCommand command, LeakPolicy policy, Clock clock) {
        if (status.isTerminal() || expiresAt != null && !clock.instant().isBefore(expiresAt)) {
            return;
        }
        LeakedSecret secret = command.keyHash() == null ? null
                : command.keyHash().equals(keyHash) ? LeakedSecret.CURRENT
                : command.keyHash().equals(previousKeyHash) ? LeakedSecret.PREVIOUS : null;
        if (secret == null || reportedLeaks.contains(leakKey(secret, command.sourceUrl()))) {
            return;
        }
        KeyRules.leakSource(command.sourceUrl(), command.reporter());
        LeakAction action = policy.onLeak(organizationId);
        if (action == null) {
            action = LeakAction.DISABLE;
        }
        apply(new ApiKeyLeakReportedEvent(keyId, organizationId, secret, action, command.sourceUrl(), command.reporter()));
        if (action == LeakAction.NOTIFY) {
            return;
        }
        if (secret == LeakedSecret.PREVIOUS) {
            apply(new ApiKeyPreviousSecretRetiredEvent(keyId, organizationId, previousKeyHash));
        } else if (action == LeakAction.REVOKE) {
            // the source is in the report just before; the reason stays short
            apply(new ApiKeyRevokedEvent(keyId, organizationId, "leaked"));
        } else if (status == KeyStatus.ACTIVE) {
            apply(new ApiKeyDisabledEvent(keyId, organizationId, DisabledReason.LEAKED));
        }
    }

    private static String leakKey(LeakedSecret secret, String sourceUrl) {
        return secret + "|" + sourceUrl;
    }

    @DeadlineHandler(deadlineName = EXPIRY_DEADLINE)
    void on(ExpiryDue due) {
        if (status.isTerminal() || !due.expiresAt().equals(expiresAt)) {
            return;
        }
        apply(new ApiKeyExpiredEvent(keyId, organizationId, expiresAt));
    }

    /**
     * An expiry notice is due: a key whose {@link AutoRenew} rule qualifies is renewed (its new
     * expiry re-plans every deadline, so the later notices of the old expiry do nothing); any
     * other key gets the notice, once per expiry and lead time.
     */
    @DeadlineHandler(deadlineName = WARNING_DEADLINE)
    void on(ExpiryWarningDue due, Clock clock, RenewalFacts facts, DeadlineManager deadlines) {
        if (status.isTerminal() || !due.expiresAt().equals(expiresAt)
                || due.expiresAt().equals(warnedFor) && warnedNotices.contains(due.notice())) {
            return;
        }
        Instant now = clock.instant();
        Instant renewed = renewal(now, facts);
        if (renewed != null) {
            Instant previous = expiresAt;
            apply(new ApiKeyUpdatedEvent(keyId, organizationId, Set.of("expires_at"), name, description, permissions,
                    rateLimit, restrictions, renewed, autoRenew));
            apply(new ApiKeyRenewedEvent(keyId, organizationId, previous, renewed, autoRenew.periodDays()));
            scheduleExpiry(deadlines, now);
            return;
        }
        apply(new ApiKeyExpiryWarningIssuedEvent(keyId, organizationId, expiresAt, due.notice()));
    }

    /**
     * The expiry a renewal moves this key to now, or {@code null} when it does not renew: no rule,
     * not used within {@code only_if_used_within_days}, or the organization's
     * {@code max_key_lifetime_days} (counted from now) leaves no room beyond the current expiry.
     */
    private Instant renewal(Instant now, RenewalFacts facts) {
        if (autoRenew == null || status != KeyStatus.ACTIVE && status != KeyStatus.DISABLED) {
            return null;
        }
        if (autoRenew.onlyIfUsedWithinDays() != null) {
            Instant lastUsed = facts.lastUsed(keyId);
            if (lastUsed == null || lastUsed.isBefore(now.minus(Duration.ofDays(autoRenew.onlyIfUsedWithinDays())))) {
                return null;
            }
        }
        Instant renewed = expiresAt.plus(Duration.ofDays(autoRenew.periodDays()));
        Integer maxDays = facts.maxKeyLifetimeDays(organizationId);
        if (maxDays != null && renewed.isAfter(now.plus(Duration.ofDays(maxDays)))) {
            renewed = now.plus(Duration.ofDays(maxDays));
        }
        if (renewed.isAfter(io.keyledger.support.web.Instants.MAX)) {
            renewed = io.keyledger.support.web.Instants.MAX;
        }
        return renewed.isAfter(expiresAt) ? renewed : null;
    }

    @DeadlineHandler(deadlineName = GRACE_DEADLINE)
    void on(GraceEnded due) {
        if (status.isTerminal() || !due.previousKeyHash().equals(previousKeyHash)) {
            return;
        }
        apply(new ApiKeyPreviousSecretRetiredEvent(keyId, organizationId, previousKeyHash));
    }

    private void scheduleExpiry(DeadlineManager deadlines, Instant now) {
        if (expiresAt == null) {
            return;
        }
        deadlines.schedule(expiresAt, EXPIRY_DEADLINE, new ExpiryDue(expiresAt));
        // a notice whose lead time has passed already is not sent late; the tightest of those that
        // have passed is sent at once (a key expiring in 3 days gets the 7-day notice now, the 1-day one later)
        boolean immediateSent = false;
        for (int i = NOTICE_DAYS.size() - 1; i >= 0; i--) {
            int days = NOTICE_DAYS.get(i);
            Instant noticeAt = expiresAt.minus(Duration.ofDays(days));
            if (noticeAt.isAfter(now)) {
                deadlines.schedule(noticeAt, WARNING_DEADLINE, new ExpiryWarningDue(expiresAt, days));
            } else if (!immediateSent) {
                deadlines.schedule(now, WARNING_DEADLINE, new ExpiryWarningDue(expiresAt, days));
                immediateSent = true;
            }
        }
    }

    /** 404 (another organization), then 403 (beyond the caller's authority), then 412, then 409. */
    private void requireChangeable(String organizationScope, Authority authority, String verb, Long expectedVersion,
                                   Instant now) {
        requireVisibleTo(organizationScope);
        requireAuthority(authority, verb);
        if (expectedVersion != null && expectedVersion != version) {
            throw new VersionMismatchException(expectedVersion, version);
        }
        requireNotTerminal(now);
    }

    /** A caller acts only on a key it could have created (API.md, "Authorization rules"). */
    private void requireAuthority(Authority authority, String verb) {
        String refusal = authority == null ? null : authority.refusal(verb, permissions,
                environment == null ? Environment.LIVE : environment);
        if (refusal != null) {
            throw new KeyAuthorityException(refusal);
        }
    }

    private void requireVisibleTo(String organizationScope) {
        if (organizationScope != null && !organizationScope.equals(organizationId)) {
            throw new KeyNotFoundException(keyId);
        }
    }

    private void requireNotTerminal(Instant now) {
        if (status == KeyStatus.REVOKED) {
            throw new KeyLifecycleException("the key is revoked; a revoked key cannot be changed");
        }
        // past its expiry the key is expired even if the expiry deadline has not fired yet
        if (status == KeyStatus.EXPIRED || expiresAt != null && !now.isBefore(expiresAt)) {
            throw new KeyLifecycleException("the key has expired; an expired key cannot be changed");
        }
    }

    private static void requireFuture(Instant expiresAt, Instant now) {
        KeyRules.expiresAt(expiresAt, now);
    }

    private static void addIfChanged(Set<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private KeyState state() {
        return new KeyState(keyId, prefix, name, description, organizationId, owner, environment, permissions,
                rateLimit, restrictions, status, status == KeyStatus.DISABLED ? disabledReason : null,
                createdAt, expiresAt, autoRenew, version, credits.view(), meta);
    }

    @EventSourcingHandler
    void on(ApiKeyCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant timestamp) {
        keyId = event.keyId();
        organizationId = event.organizationId();
        name = event.name();
        description = event.description();
        owner = event.owner();
        environment = event.environment();
        keyHash = event.keyHash();
        prefix = event.prefix();
        permissions = event.permissions();
        rateLimit = event.rateLimit();
        restrictions = event.restrictions();
        expiresAt = event.expiresAt();
        autoRenew = event.autoRenew();
        createdAt = timestamp;
        status = KeyStatus.ACTIVE;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyUpdatedEvent event, @SequenceNumber long sequence) {
        name = event.name();
        description = event.description();
        permissions = event.permissions();
        rateLimit = event.rateLimit();
        restrictions = event.restrictions();
        expiresAt = event.expiresAt();
        autoRenew = event.autoRenew();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyMetaChangedEvent event, @SequenceNumber long sequence) {
        meta = event.meta();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyRenewedEvent event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyRotatedEvent event, @SequenceNumber long sequence) {
        // the current secret is another one now: a report of it is news
        reportedLeaks.removeIf(leak -> leak.startsWith(LeakedSecret.CURRENT + "|"));
        keyHash = event.keyHash();
        prefix = event.prefix();
        previousKeyHash = event.previousValidUntil() == null ? null : event.previousKeyHash();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyPreviousSecretRetiredEvent event, @SequenceNumber long sequence) {
        if (event.previousKeyHash().equals(previousKeyHash)) {
            previousKeyHash = null;
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyDisabledEvent event, @SequenceNumber long sequence) {
        status = KeyStatus.DISABLED;
        disabledReason = event.disabledReason();
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyLeakReportedEvent event, @SequenceNumber long sequence) {
        reportedLeaks.add(leakKey(event.secret(), event.sourceUrl()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyEnabledEvent event, @SequenceNumber long sequence) {
        status = KeyStatus.ACTIVE;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyRevokedEvent event, @SequenceNumber long sequence) {
        status = KeyStatus.REVOKED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyExpiredEvent event, @SequenceNumber long sequence) {
        status = KeyStatus.EXPIRED;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyExpiryWarningIssuedEvent event, @SequenceNumber long sequence) {
        if (!event.expiresAt().equals(warnedFor)) {
            warnedNotices.clear();
        }
        warnedNotices.add(event.notice());
        warnedFor = event.expiresAt();
        version = sequence;
    }

    // ---- credits (API.md "Expiry, renewal and credits", DESIGN §9) ----

    static final String REFILL_DEADLINE = "key-credits-refill";
    static final String LEASE_DEADLINE = "key-credits-lease-end";

    /** Deadline payloads: the refill it was planned for, the lease it ends. */
    record RefillDue(Instant at) {
    }

    record LeaseDue(String leaseId) {
    }

    /** Credits set on create or {@code PATCH}; {@code credits: null} removes them. */
    @CommandHandler
    KeyState handle(CreditCommands.ConfigureCredits command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        requireChangeable(command.organizationScope(), command.authority(), "change the credits of",
                command.expectedVersion(), now);
        Credits valid = CreditRules.credits(command.credits(), false);
        if (valid == null) {
            if (credits.limited()) {
                voidOpenLeases(now);
                apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.REMOVED, 0, null, null, null,
                        credits.epoch() + 1));
            }
            return state();
        }
        configureCredits(valid, now, deadlines);
        return state();
    }

    /** {@code remaining} absent keeps the balance (and its leases); present, it sets it (new epoch). */
    private void configureCredits(Credits valid, Instant now, DeadlineManager deadlines) {
        Instant next = valid.refill() == null ? null : CreditRules.nextRefill(valid.refill(), now);
        if (valid.remaining() == null) {
            if (!credits.limited()) {
                throw new InvalidFieldException("credits.remaining", "is required: the key has no credits yet");
            }
            if (java.util.Objects.equals(valid.refill(), credits.refill())) {
                return;
            }
            apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.CONFIGURED, credits.balance(),
                    credits.balance(), valid.refill(), next, credits.epoch()));
        } else {
            voidOpenLeases(now);
            apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.CONFIGURED, valid.remaining(),
                    valid.remaining(), valid.refill(), next, credits.epoch() + 1));
        }
        if (next != null) {
            deadlines.schedule(next, REFILL_DEADLINE, new RefillDue(next));
        }
    }

    /** {@code POST /v1/api-keys/{id}/credits {op: set|add, amount}}. */
    @CommandHandler
    KeyState handle(CreditCommands.ChangeCredits command, Clock clock) {
        requireChangeable(command.organizationScope(), command.authority(), "change the credits of",
                command.expectedVersion(), clock.instant());
        if (command.op() == null) {
            throw new InvalidFieldException("op", "is required: set or add");
        }
        if (command.op() == CreditCommands.ChangeCredits.Op.SET) {
            long amount = CreditRules.amount("amount", command.amount(), 0);
            voidOpenLeases(clock.instant());
            apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.SET, amount, amount,
                    credits.refill(), credits.nextRefillAt(), credits.epoch() + 1));
            return state();
        }
        long amount = CreditRules.amount("amount", command.amount(), 1);
        if (!credits.limited()) {
            throw new KeyLifecycleException("the key has no credits: set them first (op set, or credits in a PATCH)");
        }
        if (credits.balance() + credits.leased() + amount > Credits.MAX) {
            throw new InvalidFieldException("amount", "the balance would exceed " + Credits.MAX);
        }
        apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.ADDED, amount,
                credits.balance() + amount, credits.refill(), credits.nextRefillAt(), credits.epoch()));
        return state();
    }

    /**
     * A validator leases a block (DESIGN §9). Its previous lease of this key, when named, ends
     * first and gives back what is left of it. The block is what was asked, at most a quarter of
     * the balance (at least one credit) and at least the cost waiting for it; nothing when the
     * balance cannot cover that cost, or the key is not active. A lease id already open answers
     * that lease again (a retried request), never a second block.
     */
    @CommandHandler
    LeaseGrant handle(CreditCommands.LeaseCredits command, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        requireLeaseId("lease_id", command.leaseId());
        if (command.holder() == null || !CreditRules.HOLDER.matcher(command.holder()).matches()) {
            throw new InvalidFieldException("holder", "must be 1–100 of A–Z a–z 0–9 _ . : -");
        }
        CreditRules.amount("requested", command.requested(), 1);
        CreditRules.amount("minimum", command.minimum(), 1);
        if (command.ttlSeconds() < 1 || command.ttlSeconds() > CreditRules.MAX_TTL_SECONDS) {
            throw new InvalidFieldException("ttl_seconds", "must be 1–" + CreditRules.MAX_TTL_SECONDS);
        }
        KeyCredits.OpenLease same = credits.open().get(command.leaseId());
        if (same != null) {
            return new LeaseGrant(command.leaseId(), same.amount(), credits.balance(), same.expiresAt(), same.epoch(),
                    credits.nextRefillAt());
        }
        if (command.previousLeaseId() != null) {
            requireLeaseId("previous_lease_id", command.previousLeaseId());
            endLease(command.previousLeaseId(), command.holder(), command.previousUnspent(), now);
        }
        boolean usable = status == KeyStatus.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
        if (!credits.limited() || !usable) {
            return new LeaseGrant(null, 0, credits.balance(), null, credits.epoch(), credits.nextRefillAt());
        }
        long granted = CreditRules.grant(credits.balance(), command.requested(), command.minimum());
        if (granted == 0) {
            return new LeaseGrant(null, 0, credits.balance(), null, credits.epoch(), credits.nextRefillAt());
        }
        Instant until = now.plusSeconds(command.ttlSeconds());
        apply(new ApiKeyCreditsLeasedEvent(keyId, organizationId, command.leaseId(), command.holder(), granted,
                credits.balance() - granted, until, credits.epoch(), credits.leased() + granted));
        deadlines.schedule(until, LEASE_DEADLINE, new LeaseDue(command.leaseId()));
        return new LeaseGrant(command.leaseId(), granted, credits.balance(), until, credits.epoch(),
                credits.nextRefillAt());
    }

    /** A validator gives back what it did not spend; a lease that has ended already changes nothing. */
    @CommandHandler
    LeaseGrant handle(CreditCommands.ReturnCredits command, Clock clock) {
        requireLeaseId("lease_id", command.leaseId());
        endLease(command.leaseId(), null, command.unspent(), clock.instant());
        return new LeaseGrant(null, 0, credits.balance(), null, credits.epoch(), credits.nextRefillAt());
    }

    private void endLease(String leaseId, String holder, long unspent, Instant now) {
        KeyCredits.OpenLease lease = credits.open().get(leaseId);
        if (lease == null || holder != null && !holder.equals(lease.holder())) {
            return; // ended already (timed out, voided, returned) or another holder's: nothing comes back
        }
        if (unspent < 0 || unspent > lease.amount()) {
            throw new InvalidFieldException("unspent", "must be 0–" + lease.amount() + " (the lease's amount)");
        }
        leaseEnded(leaseId, ApiKeyCreditLeaseEndedEvent.End.RETURNED, unspent, lease.amount(), credits.balance() + unspent,
                now);
    }

    private void leaseEnded(String leaseId, ApiKeyCreditLeaseEndedEvent.End end, long returned, long amount,
                            Long balance, Instant now) {
        long[] spent = credits.spentAfter(amount - returned, now);
        apply(new ApiKeyCreditLeaseEndedEvent(keyId, organizationId, leaseId, end, returned, amount - returned, balance,
                credits.leased() - amount, spent[0], spent[1]));
    }

    private static void requireLeaseId(String field, String leaseId) {
        if (leaseId == null || !CreditRules.LEASE_ID.matcher(leaseId).matches()) {
            throw new InvalidFieldException(field, "must be 1–64 of A–Z a–z 0–9 _ -");
        }
    }

    /** Before the balance is set anew: every open lease ends, nothing of it comes back. */
    private void voidOpenLeases(Instant now) {
        for (var open : List.copyOf(credits.open().entrySet())) {
            leaseEnded(open.getKey(), ApiKeyCreditLeaseEndedEvent.End.VOIDED, 0, open.getValue().amount(),
                    credits.balance(), now);
        }
    }

    /** A lease not given back in time: all of it counts as spent (its holder may have spent it). */
    @DeadlineHandler(deadlineName = LEASE_DEADLINE)
    void on(LeaseDue due, Clock clock) {
        KeyCredits.OpenLease lease = credits.open().get(due.leaseId());
        if (lease == null) {
            return;
        }
        leaseEnded(due.leaseId(), ApiKeyCreditLeaseEndedEvent.End.TIMED_OUT, 0, lease.amount(), credits.balance(),
                clock.instant());
    }

    /**
     * A refill SETS the balance to the rule's amount (what was left does not carry) and starts a
     * new epoch; the next one is planned from the one due (or from now, after a long outage).
     */
    @DeadlineHandler(deadlineName = REFILL_DEADLINE)
    void on(RefillDue due, Clock clock, DeadlineManager deadlines) {
        CreditRefill refill = credits.refill();
        if (status.isTerminal() || refill == null || !due.at().equals(credits.nextRefillAt())) {
            return;
        }
        Instant now = clock.instant();
        Instant next = CreditRules.nextRefill(refill, due.at().isAfter(now) ? due.at() : now);
        voidOpenLeases(now);
        apply(new ApiKeyCreditsChangedEvent(keyId, organizationId, CreditChange.REFILLED, refill.amount(),
                refill.amount(), refill, next, credits.epoch() + 1));
        deadlines.schedule(next, REFILL_DEADLINE, new RefillDue(next));
    }

    @EventSourcingHandler
    void on(ApiKeyCreditsChangedEvent event, @SequenceNumber long sequence) {
        credits.on(event);
        version = sequence;
    }

    @EventSourcingHandler
    void on(ApiKeyCreditsLeasedEvent event) {
        // leases are the validators' bookkeeping, not a change of the key's settings: the version stays,
        // so a caller's If-Match is not broken by traffic
        credits.on(event);
    }

    @EventSourcingHandler
    void on(ApiKeyCreditLeaseEndedEvent event, @Timestamp Instant at) {
        credits.on(event, at);
    }

    /** The key record as these events left it (webhooks.KeyRecords: a webhook's {@code data}). */
    KeyState record() {
        return state();
    }
}
