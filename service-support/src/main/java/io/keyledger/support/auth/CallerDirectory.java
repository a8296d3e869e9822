package io.keyledger.support.auth;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.support.auth.Authentication.Authenticated;
import io.keyledger.support.auth.Authentication.Unauthenticated;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the management APIs: an in-memory projection of every key's hash,
 * organization, permissions, status, expiry, rate limit and IP allow-list, built by each service
 * instance from the event stream (processing group {@value #PROCESSING_GROUP}, tracking, with an
 * in-memory token, so it replays from the first event at every start). The command and query
 * services use it to authenticate {@code Authorization: Bearer} calls without asking another service.
 *
 * <p>A previous secret inside its rotation grace is known, and answers {@link Refusal#ROTATED_AWAY}:
 * grace secrets verify, they do not manage (API.md, "Authorization rules"). Once its
 * {@code previous_key_valid_until} has passed it answers {@link Refusal#NOT_FOUND}, whether or not
 * the retirement event has arrived yet.
 *
 * <p>One secret, one key (DESIGN.md §8): an event that would give a key a hash the directory already
 * holds for another key (its current secret, or a previous one inside its grace) does not take it
 * over. The first key keeps it; the other key stays known by id, so its later events still apply,
 * but no secret reaches it. The refusal is counted ({@link #shadowingRefused}) and logged with both
 * key ids, never the hash.
 *
 * <p>Handlers run on the processor's single thread; {@link #authenticate} reads from any thread.
 * They never throw on an odd event (no key id, no hash, null lists, a bad CIDR): a failing event
 * would park its key's later events too, its revocation among them, in the dead-letter queue.
 */
@ProcessingGroup(CallerDirectory.PROCESSING_GROUP)
public class CallerDirectory {

    public static final String PROCESSING_GROUP = "caller-directory";

    private static final Logger log = LoggerFactory.getLogger(CallerDirectory.class);

    private record Entry(String keyId, String organizationId, List<String> permissions, Environment environment,
                         KeyStatus status, Instant expiresAt, RateLimit rateLimit, IpAllowlist ipAllowlist) {

        Entry withSettings(List<String> newPermissions, Instant newExpiresAt, RateLimit newRateLimit,
                           IpAllowlist newAllowlist) {
            return new Entry(keyId, organizationId, newPermissions, environment, status, newExpiresAt, newRateLimit,
                    newAllowlist);
        }

        Entry withStatus(KeyStatus newStatus) {
            return new Entry(keyId, organizationId, permissions, environment, newStatus, expiresAt, rateLimit,
                    ipAllowlist);
        }
    }

    /** Who holds a hash: a key's current secret ({@code previousUntil == null}) or a previous one until then. */
    private record Holder(String keyId, Instant previousUntil) {
        boolean current() {
            return previousUntil == null;
        }
    }

    private final Clock clock;
    private final Map<String, Entry> byKeyId = new ConcurrentHashMap<>();
    /** SHA-256 hex of a current or grace-period secret → who holds it. */
    private final Map<String, Holder> holderByHash = new ConcurrentHashMap<>();
    private final LongAdder shadowingRefused = new LongAdder();

    public CallerDirectory(Clock clock) {
        this.clock = clock;
    }

    /**
     * The caller behind a presented key, or why there is none. The lookup is by SHA-256 of the
     * presented key: a guesser controls the key, not its hash, so the time a map lookup takes tells
     * nothing about how close a guess came.
     */
    Authentication authenticate(String presentedKey) {
        if (ApiKeyFormat.classify(presentedKey) == ApiKeyFormat.Kind.MALFORMED) {
            return new Unauthenticated(Refusal.NOT_FOUND);
        }
        Holder holder = holderByHash.get(ApiKeyFormat.sha256Hex(presentedKey));
        Entry entry = holder == null ? null : byKeyId.get(holder.keyId());
        if (entry == null) {
            return new Unauthenticated(Refusal.NOT_FOUND);
        }
        Instant now = clock.instant();
        if (!holder.current()) {
            return new Unauthenticated(now.isBefore(holder.previousUntil()) ? Refusal.ROTATED_AWAY : Refusal.NOT_FOUND);
        }
        switch (entry.status()) {
            case DISABLED:
                return new Unauthenticated(Refusal.DISABLED);
            case REVOKED:
                return new Unauthenticated(Refusal.REVOKED);
            case EXPIRED:
                return new Unauthenticated(Refusal.EXPIRED);
            default:
                break;
        }
        if (entry.expiresAt() != null && !now.isBefore(entry.expiresAt())) {
            return new Unauthenticated(Refusal.EXPIRED);
        }
        return new Authenticated(new Caller(entry.keyId(), entry.organizationId(), entry.permissions(),
                entry.environment()), entry.rateLimit(), entry.ipAllowlist());
    }

    /** The organization a key belongs to, whatever its status. */
    public Optional<String> organizationOf(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId)).map(Entry::organizationId);
    }

    /** Events refused because they would have let one key's secret reach another key. */
    public long shadowingRefused() {
        return shadowingRefused.sum();
    }

    @EventHandler
    void on(ApiKeyCreatedEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.put(event.keyId(), new Entry(event.keyId(), event.organizationId(), permissions(event.permissions()),
                event.environment() == null ? Environment.LIVE : event.environment(), KeyStatus.ACTIVE,
                event.expiresAt(), rateLimit(event.rateLimit()), allowlist(event.restrictions())));
        claim(event.keyHash(), event.keyId(), "creation");
    }

    @EventHandler
    void on(ApiKeyUpdatedEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.withSettings(permissions(event.permissions()),
                event.expiresAt(), rateLimit(event.rateLimit()), allowlist(event.restrictions())));
    }

    @EventHandler
    void on(ApiKeyRotatedEvent event) {
        if (event.keyId() == null) {
            return;
        }
        if (!byKeyId.containsKey(event.keyId())) {
            return;
        }
        String previous = event.previousKeyHash();
        if (previous != null && !previous.equals(event.keyHash())) {
            Holder holder = holderByHash.get(previous);
            if (holder != null && holder.keyId().equals(event.keyId())) {
                Instant until = event.previousValidUntil();
                if (until != null && clock.instant().isBefore(until)) {
                    holderByHash.put(previous, new Holder(event.keyId(), until));
                } else {
                    holderByHash.remove(previous);
                }
            } else if (holder != null && live(holder)) {
                refuseShadowing("previous secret", event.keyId(), holder.keyId());
            }
        }
        claim(event.keyHash(), event.keyId(), "rotation");
    }

    @EventHandler
    void on(ApiKeyPreviousSecretRetiredEvent event) {
        if (event.keyId() == null) {
            return;
        }
        if (event.previousKeyHash() != null) {
            // only this key's previous secret: never another key's entry under the same hash
            holderByHash.computeIfPresent(event.previousKeyHash(),
                    (hash, holder) -> holder.keyId().equals(event.keyId()) && !holder.current() ? null : holder);
        }
    }

    @EventHandler
    void on(ApiKeyDisabledEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.status().isTerminal() ? e : e.withStatus(KeyStatus.DISABLED));
    }

    @EventHandler
    void on(ApiKeyEnabledEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.status().isTerminal() ? e : e.withStatus(KeyStatus.ACTIVE));
    }

    @EventHandler
    void on(ApiKeyRevokedEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.computeIfPresent(event.keyId(), (id, e) -> e.withStatus(KeyStatus.REVOKED));
    }

    @EventHandler
    void on(ApiKeyExpiredEvent event) {
        if (event.keyId() == null) {
            return;
        }
        byKeyId.computeIfPresent(event.keyId(),
                (id, e) -> e.status() == KeyStatus.REVOKED ? e : e.withStatus(KeyStatus.EXPIRED));
    }

    @ResetHandler
    void reset() {
        byKeyId.clear();
        holderByHash.clear();
    }

    /** Makes {@code hash} the current secret of {@code keyId}, unless another key holds it now. */
    private void claim(String hash, String keyId, String what) {
        if (hash == null) {
            return;
        }
        Holder holder = holderByHash.get(hash);
        if (holder != null && !holder.keyId().equals(keyId) && live(holder)) {
            refuseShadowing(what, keyId, holder.keyId());
            return;
        }
        holderByHash.put(hash, new Holder(keyId, null));
    }

    /** A current secret, or a previous one still inside its grace. */
    private boolean live(Holder holder) {
        return holder.current() || clock.instant().isBefore(holder.previousUntil());
    }

    private void refuseShadowing(String what, String keyId, String holder) {
        shadowingRefused.increment();
        log.warn("Caller directory: refused the {} of key {}: its secret is already held by key {}; key {} keeps it",
                what, keyId, holder, holder);
    }

    private static List<String> permissions(List<String> permissions) {
        return permissions == null ? List.of() : permissions.stream().filter(Objects::nonNull).toList();
    }

    private static RateLimit rateLimit(RateLimit rateLimit) {
        return rateLimit == null ? RateLimit.NONE : rateLimit;
    }

    private static IpAllowlist allowlist(Restrictions restrictions) {
        return restrictions == null ? IpAllowlist.ANY : IpAllowlist.of(restrictions.ipAllowlist());
    }
}
