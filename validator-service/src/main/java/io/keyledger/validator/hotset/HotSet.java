package io.keyledger.validator.hotset;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's in-memory validation set: SHA-256 of a key → {@link KeyEntry}, built from
 * the key and organization events (DESIGN.md §4). A plain object: the event handlers of
 * {@code HotSetProjection} feed it, and tests feed it directly.
 *
 * <p>One writer (the event processor's thread), any number of readers, no locks on the read
 * path. The index is an open-addressing table of primitive arrays: four {@code long}s of the
 * hash per slot and a reference to the entry, which is written last with release semantics,
 * so a reader that sees an entry also sees its hash. A table only grows; a rotated-away hash
 * keeps its slot with a tombstone (dropped at the next growth), and growth builds a complete
 * new table before publishing it through a volatile field. This keeps the index at about
 * 80 bytes per key where a {@code HashMap} with boxed keys would take over twice that.
 *
 * <p>A revoked or expired key stays, answering {@code REVOKED} or {@code EXPIRED}, for the
 * retention ({@link #DEFAULT_RETENTION}) after it ended; then it is forgotten: from that moment
 * {@link #forgotten} says so (the verifier answers {@code NOT_FOUND}), and {@link #sweep} or the
 * event itself, when it arrives already that old (a replay at start), frees its slot.
 *
 * <p>One secret, one key (DESIGN.md §8): an event that would give a key a hash the set already
 * holds for another key (its current secret, or a previous one within its grace period) does
 * not take it over. The first key keeps it; the other key is held under a hash no presented key
 * can have, so its own later events still reach it; the refusal is counted
 * ({@link #shadowingRefused}) and logged with both key ids, never the hash.
 *
 * <p>Instants are saturated to what milliseconds can hold: an expiry in the year 292278995 is
 * "never", not an exception in the processor.
 */
public final class HotSet {

    /** How long a revoked or expired key is remembered after it ended. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(HotSet.class);

    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(KeyEntry[].class);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final KeyEntry TOMBSTONE = new KeyEntry("", new Organization(""), KeyStatus.REVOKED,
            OwnerType.SYSTEM, new PermissionSet(List.of()), null, null, 0);
    private static final int INITIAL_CAPACITY = 1024;

    /** A secret replaced by a rotation that still works until {@code validUntilMillis}. */
    private record PreviousSecret(String keyId, long validUntilMillis) {
    }

    private record HashKey(long h0, long h1, long h2, long h3) {
    }

    private static final class Table {
        final long[] hashes;
        final KeyEntry[] entries;
        /**
         * key id → slot: pairs of (slot + 1, the id's hash code), 0 = empty cell, open addressing on
         * the hash code. The hash next to the slot spares a probe the trip to the entry and its id
         * string (three cache misses) unless the hashes are equal.
         */
        final int[] slotsById;
        final int mask;
        /** Slots taken, tombstones included. */
        int used;
        int live;

        Table(int capacity) {
            hashes = new long[capacity * 4];
            entries = new KeyEntry[capacity];
            slotsById = new int[capacity * 2];
            mask = capacity - 1;
        }
    }

    private final Clock clock;
    private final long retentionMillis;
    private final LongAdder shadowingRefused = new LongAdder();
    private final LongAdder forgotten = new LongAdder();
    private final LongAdder unreadableHashes = new LongAdder();
    private volatile Table table = new Table(INITIAL_CAPACITY);
    private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
    private final Map<HashKey, PreviousSecret> previousSecrets = new ConcurrentHashMap<>();
    // intern pools: equal values are stored once (writer only)
    private final Map<List<String>, PermissionSet> permissionSets = new HashMap<>();
    private final Map<RateLimit, RateLimit> rateLimits = new HashMap<>();
    private final Map<Restrictions, KeyRestrictions> restrictions = new HashMap<>();

    private final java.util.concurrent.atomic.LongAdder quarantined = new java.util.concurrent.atomic.LongAdder();

    public HotSet() {
        this(Clock.systemUTC(), DEFAULT_RETENTION);
    }

    /**
     * @param clock     decides which ended keys are past their retention
     * @param retention how long a revoked or expired key answers {@code REVOKED}/{@code EXPIRED} after it ended
     */
    public HotSet(Clock clock, Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the retention must not be negative");
        }
        this.clock = clock;
        this.retentionMillis = saturatedMillis(retention);
    }

    // ---------------------------------------------------------------- reads (any thread)

    /**
     * Whether this ended (revoked or expired) key is past its retention at {@code nowMillis}:
     * then it is answered as if it did not exist, whether or not the sweep has freed it yet.
     * Cheap, but meant for the refusal paths only: a valid key never needs it.
     */
    public boolean forgotten(KeyEntry entry, long nowMillis) {
        return nowMillis >= saturatedAdd(entry.endMillis(), retentionMillis);
    }

    /** Events refused because they would have let one key's entry shadow another's. */
    public long shadowingRefused() {
        return shadowingRefused.sum();
    }

    /** Keys forgotten after their retention (freed by a sweep, or dead on arrival). */
    public long forgottenKeys() {
        return forgotten.sum();
    }

    /**
     * The key whose current secret, or previous secret within its grace period, has this
     * SHA-256; {@code null} when there is none.
     *
     * @param sha256 32 bytes
     */
    public KeyEntry find(byte[] sha256, long nowMillis) {
        KeyEntry entry = findCurrent(sha256);
        return entry != null ? entry : findPrevious(sha256, nowMillis);
    }

    /** The key whose current secret has this SHA-256; {@code null} when there is none. */
    public KeyEntry findCurrent(byte[] sha256) {
        return lookup(table, (long) LONGS.get(sha256, 0), (long) LONGS.get(sha256, 8),
                (long) LONGS.get(sha256, 16), (long) LONGS.get(sha256, 24));
    }

    /**
     * The key whose previous secret, within its grace period, has this SHA-256; {@code null} when
     * there is none (the rotation assistant tells attempts with the previous secret apart).
     */
    public KeyEntry findPrevious(byte[] sha256, long nowMillis) {
        if (previousSecrets.isEmpty()) {
            return null;
        }
        long h0 = (long) LONGS.get(sha256, 0);
        long h1 = (long) LONGS.get(sha256, 8);
        long h2 = (long) LONGS.get(sha256, 16);
        long h3 = (long) LONGS.get(sha256, 24);
        PreviousSecret previous = previousSecrets.get(new HashKey(h0, h1, h2, h3));
        if (previous == null || nowMillis >= previous.validUntilMillis()) {
            return null;
        }
        return findById(previous.keyId());
    }

    /** The entry of a key id, {@code null} when unknown. */
    public KeyEntry findById(String keyId) {
        // readers use the writer's id index here; ints are read whole, and a slot seen stale
        // in a table being replaced still holds that key's entry or a tombstone
        Table t = table;
        int slot = idSlot(t, keyId);
        if (slot < 0) {
            return null;
        }
        KeyEntry entry = (KeyEntry) ENTRIES.getAcquire(t.entries, slot);
        return entry == TOMBSTONE || entry == null ? null : entry;
    }

    /** Slots of the index (tests: the table is sized by the keys held, not by the keys ever seen). */
    int capacity() {
        return table.mask + 1;
    }

    /** Number of keys held. */
    public int size() {
        return table.live;
    }

    public Organization organization(String organizationId) {
        return organizations.get(organizationId);
    }

    private static KeyEntry lookup(Table t, long h0, long h1, long h2, long h3) {
        long[] hashes = t.hashes;
        int mask = t.mask;
        int slot = spread(h0) & mask;
        while (true) {
            KeyEntry entry = (KeyEntry) ENTRIES.getAcquire(t.entries, slot);
            if (entry == null) {
                return null;
            }
            int base = slot << 2;
            if (hashes[base] == h0 && hashes[base + 1] == h1 && hashes[base + 2] == h2 && hashes[base + 3] == h3) {
                return entry == TOMBSTONE ? null : entry;
            }
            slot = (slot + 1) & mask;
        }
    }

    // ---------------------------------------------------------------- writes (event processor)

    public synchronized void on(OrganizationRegisteredEvent event) {
        organizationNamed(event.organizationId()).plan(event.plan());
    }

    public synchronized void on(ApiKeyCreatedEvent event) {
        ensureCapacity();
        Table t = table;
        // one probe of the id index for both the duplicate check and the insertion (a cache miss each)
        int cell = idPosition(t, event.keyId()) << 1;
        if (t.slotsById[cell] != 0) {
            return;
        }
        long expiresAt = millis(event.expiresAt());
        if (clock.millis() >= saturatedAdd(expiresAt, retentionMillis)) {
            // expired longer ago than the retention (a replay at start): nothing to hold
            forgotten.increment();
            return;
        }
        KeyEntry entry = new KeyEntry(event.keyId(), organizationNamed(event.organizationId()), KeyStatus.ACTIVE,
                event.owner() == null ? OwnerType.APPLICATION : event.owner().type(),
                permissions(event.permissions()), rateLimit(event.rateLimit()), restrictions(event.restrictions()),
                expiresAt);
        long[] hash = readableHash(event.keyHash(), "creation", event.keyId());
        String holder = holderOtherThan(t, hash, event.keyId());
        if (holder != null) {
            refuseShadowing("creation", event.keyId(), holder);
            hash = null;
        }
        int slot = claimSlot(t, hash == null ? unreachableHash(event.keyId()) : hash);
        ENTRIES.setRelease(t.entries, slot, entry);
        t.live++;
        fillIdCell(t, cell, event.keyId(), slot);
    }

    public synchronized void on(ApiKeyUpdatedEvent event) {
        replace(event.keyId(), e -> e.withSettings(permissions(event.permissions()), rateLimit(event.rateLimit()),
                restrictions(event.restrictions()), millis(event.expiresAt())));
    }

    /** A key's {@code meta} changed: the entry keeps the new text (and its header form) beside it. */
    public synchronized void on(io.keyledger.api.keys.ApiKeyMetaChangedEvent event) {
        Table t = table;
        int slot = idSlot(t, event.keyId());
        if (slot < 0) {
            return;
        }
        KeyEntry entry = t.entries[slot];
        KeyExtras current = entry.extras();
        entry.extras((current == null ? KeyExtras.NONE : current).withMeta(event.meta()));
    }

    public synchronized void on(ApiKeyRotatedEvent event) {
        ensureCapacity();
        Table t = table;
        int position = idPosition(t, event.keyId());
        int oldSlot = t.slotsById[position << 1] - 1;
        if (oldSlot < 0) {
            return;
        }
        KeyEntry entry = t.entries[oldSlot];
        long[] hash = readableHash(event.keyHash(), "rotation", event.keyId());
        String holder = holderOtherThan(t, hash, event.keyId());
        if (holder != null) {
            refuseShadowing("rotation", event.keyId(), holder);
            hash = null;
        }
        int newSlot = claimSlot(t, hash == null ? unreachableHash(event.keyId()) : hash);
        if (newSlot == oldSlot) {
            return;
        }
        // the previous secret is registered before its slot is emptied: a reader that finds the old
        // slot empty (a tombstone, read with acquire semantics) then finds the previous secret too
        // (issue 12: the old secret answered NOT_FOUND while the new one was already VALID)
        long[] h = event.previousValidUntil() == null || event.previousKeyHash() == null ? null
                : readableHash(event.previousKeyHash(), "previous secret", event.keyId());
        if (h != null) {
            String previousHolder = holderOtherThan(t, h, event.keyId());
            if (previousHolder != null) {
                refuseShadowing("previous secret", event.keyId(), previousHolder);
            } else {
                previousSecrets.put(new HashKey(h[0], h[1], h[2], h[3]),
                        new PreviousSecret(event.keyId(), millis(event.previousValidUntil())));
            }
        }
        ENTRIES.setRelease(t.entries, newSlot, entry);
        t.slotsById[position << 1] = newSlot + 1;
        ENTRIES.setRelease(t.entries, oldSlot, TOMBSTONE);
    }

    public synchronized void on(ApiKeyPreviousSecretRetiredEvent event) {
        long[] h = event.previousKeyHash() == null ? null
                : readableHash(event.previousKeyHash(), "retirement", event.keyId());
        if (h != null) {
            HashKey hash = new HashKey(h[0], h[1], h[2], h[3]);
            PreviousSecret previous = previousSecrets.get(hash);
            if (previous != null && previous.keyId().equals(event.keyId())) {
                previousSecrets.remove(hash);
            }
        }
    }

    public synchronized void on(ApiKeyDisabledEvent event) {
        replace(event.keyId(), e -> e.status().isTerminal() ? e : e.withStatus(KeyStatus.DISABLED));
    }

    /** An event of this key could not be applied: it answers DISABLED until its events apply again (fail closed). */
    public synchronized void quarantine(String keyId) {
        replace(keyId, e -> e.status().isTerminal() ? e : e.withStatus(KeyStatus.DISABLED));
        quarantined.increment();
    }

    public long quarantinedKeys() {
        return quarantined.sum();
    }

    public synchronized void on(ApiKeyEnabledEvent event) {
        replace(event.keyId(), e -> e.status() == KeyStatus.DISABLED ? e.withStatus(KeyStatus.ACTIVE) : e);
    }

    /** A revocation now (tests); the projection passes the event's own time. */
    public void on(ApiKeyRevokedEvent event) {
        on(event, clock.instant());
    }

    /** @param revokedAt when the key was revoked (the event's timestamp): the retention counts from here */
    public synchronized void on(ApiKeyRevokedEvent event, Instant revokedAt) {
        long at = millis(revokedAt);
        replace(event.keyId(), e -> e.status() == KeyStatus.REVOKED ? e : e.ended(KeyStatus.REVOKED, at));
        forgetIfPastRetention(event.keyId());
    }

    public void on(ApiKeyExpiredEvent event) {
        on(event, clock.instant());
    }

    /** @param publishedAt the event's timestamp, used when the event names no expiry */
    public synchronized void on(ApiKeyExpiredEvent event, Instant publishedAt) {
        long at = millis(event.expiresAt() != null ? event.expiresAt() : publishedAt);
        replace(event.keyId(), e -> e.status().isTerminal() ? e : e.ended(KeyStatus.EXPIRED, at));
        forgetIfPastRetention(event.keyId());
    }

    /**
     * Frees every key past its retention and every previous secret past its grace. One pass over
     * the table under the writer's lock (a few milliseconds per million keys); readers go on.
     *
     * @return the number of keys freed
     */
    public synchronized int sweep() {
        long now = clock.millis();
        Table t = table;
        int freed = 0;
        for (int slot = 0; slot <= t.mask; slot++) {
            KeyEntry entry = t.entries[slot];
            if (entry != null && entry != TOMBSTONE && forgotten(entry, now)) {
                ENTRIES.setRelease(t.entries, slot, TOMBSTONE);
                t.live--;
                freed++;
            }
        }
        previousSecrets.values().removeIf(p -> now >= p.validUntilMillis() || findById(p.keyId()) == null);
        forgotten.add(freed);
        return freed;
    }

    private void forgetIfPastRetention(String keyId) {
        Table t = table;
        int slot = idSlot(t, keyId);
        if (slot >= 0 && t.entries[slot] != TOMBSTONE && forgotten(t.entries[slot], clock.millis())) {
            ENTRIES.setRelease(t.entries, slot, TOMBSTONE);
            t.live--;
            forgotten.increment();
        }
    }

    /**
     * The id of the key other than {@code keyId} that already answers to this hash: its current
     * secret, or a previous secret still registered; {@code null} when none does.
     */
    private String holderOtherThan(Table t, long[] h, String keyId) {
        if (h == null) {
            return null;
        }
        KeyEntry current = lookup(t, h[0], h[1], h[2], h[3]);
        if (current != null && !current.keyId().equals(keyId)) {
            return current.keyId();
        }
        PreviousSecret previous = previousSecrets.isEmpty() ? null : previousSecrets.get(new HashKey(h[0], h[1], h[2], h[3]));
        if (previous != null && !previous.keyId().equals(keyId) && findById(previous.keyId()) != null
                && clock.millis() < previous.validUntilMillis()) {
            return previous.keyId();
        }
        return null;
    }

    /**
     * The hash's words, or {@code null} (counted, logged by key id) when it is no SHA-256 hex: an
     * event written past validation. Not thrown: a failed event would park the key's later events,
     * a revocation included, in the dead-letter queue; instead the key is held under no secret
     * anyone can present (fail closed) and its later events still apply.
     */
    private long[] readableHash(String hex, String what, String keyId) {
        try {
            return hashWords(hex);
        } catch (RuntimeException e) {
            unreadableHashes.increment();
            log.warn("Hot set: the {} of key {} carries no readable SHA-256; the key answers to no secret of it",
                    what, keyId);
            return null;
        }
    }

    /** Events whose hash was no SHA-256 hex. */
    public long unreadableHashes() {
        return unreadableHashes.sum();
    }

    private void refuseShadowing(String what, String keyId, String holder) {
        shadowingRefused.increment();
        log.warn("Hot set: refused the {} of key {}: its secret is already held by key {}; key {} keeps it",
                what, keyId, holder, holder);
    }

    /**
     * Where a key whose secret was refused is held: a digest of a string that is no well-formed key
     * (the verifier hashes only those), so nothing presented finds it, while its id still does.
     */
    private static long[] unreachableHash(String keyId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("hot-set:refused:" + keyId).getBytes(StandardCharsets.UTF_8));
            return new long[]{(long) LONGS.get(digest, 0), (long) LONGS.get(digest, 8), (long) LONGS.get(digest, 16),
                    (long) LONGS.get(digest, 24)};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Forgets everything, for a replay from the first event. */
    public synchronized void clear() {
        table = new Table(INITIAL_CAPACITY);
        organizations.clear();
        previousSecrets.clear();
        permissionSets.clear();
        rateLimits.clear();
        restrictions.clear();
    }

    private void replace(String keyId, java.util.function.UnaryOperator<KeyEntry> change) {
        Table t = table;
        int slot = idSlot(t, keyId);
        if (slot < 0) {
            return;
        }
        KeyEntry current = t.entries[slot];
        KeyEntry changed = change.apply(current);
        if (changed != current) {
            changed.extras(current.extras());
            ENTRIES.setRelease(t.entries, slot, changed);
        }
    }

    /** The slot holding these hash words, or a fresh one with the words written. */
    private static int claimSlot(Table t, long[] h) {
        int slot = spread(h[0]) & t.mask;
        while (true) {
            KeyEntry entry = t.entries[slot];
            int base = slot << 2;
            if (entry == null) {
                t.hashes[base] = h[0];
                t.hashes[base + 1] = h[1];
                t.hashes[base + 2] = h[2];
                t.hashes[base + 3] = h[3];
                t.used++;
                return slot;
            }
            if (t.hashes[base] == h[0] && t.hashes[base + 1] == h[1] && t.hashes[base + 2] == h[2]
                    && t.hashes[base + 3] == h[3]) {
                return slot;
            }
            slot = (slot + 1) & t.mask;
        }
    }

    /** Cell (pair index) in {@code slotsById} of this key id, or of the empty cell where it would go. */
    private static int idPosition(Table t, String keyId) {
        int hash = keyId.hashCode();
        int[] ids = t.slotsById;
        int position = spread(hash) & t.mask;
        while (true) {
            int slot = ids[position << 1] - 1;
            if (slot < 0 || (ids[(position << 1) + 1] == hash && keyId.equals(keyIdAt(t, slot)))) {
                return position;
            }
            position = (position + 1) & t.mask;
        }
    }

    private static int idSlot(Table t, String keyId) {
        return t.slotsById[idPosition(t, keyId) << 1] - 1;
    }

    private static void setIdSlot(Table t, String keyId, int slot) {
        fillIdCell(t, idPosition(t, keyId) << 1, keyId, slot);
    }

    /** Writes {@code keyId}'s slot into the id index's cell {@code cell} (found by {@link #idPosition}). */
    private static void fillIdCell(Table t, int cell, String keyId, int slot) {
        t.slotsById[cell + 1] = keyId.hashCode();
        t.slotsById[cell] = slot + 1;
    }

    private static String keyIdAt(Table t, int slot) {
        KeyEntry entry = (KeyEntry) ENTRIES.getAcquire(t.entries, slot);
        return entry == null ? null : entry.keyId();
    }

    private void ensureCapacity() {
        Table t = table;
        if (t.used + 2 <= (t.mask + 1) * 3 / 4) {
            return;
        }
        // sized by the live keys, at most half full: tombstones (rotated-away and forgotten keys) are
        // dropped here, so create/revoke churn does not grow the table, and a quarter of it at least
        // is free until the next rebuild
        int capacity = INITIAL_CAPACITY;
        while (t.live + 2 > capacity / 2) {
            capacity *= 2;
        }
        Table grown = new Table(capacity);
        for (int slot = 0; slot <= t.mask; slot++) {
            KeyEntry entry = t.entries[slot];
            if (entry == null || entry == TOMBSTONE) {
                continue;
            }
            int base = slot << 2;
            int newSlot = claimSlot(grown, new long[]{t.hashes[base], t.hashes[base + 1], t.hashes[base + 2],
                    t.hashes[base + 3]});
            grown.entries[newSlot] = entry;
            grown.live++;
            setIdSlot(grown, entry.keyId(), newSlot);
        }
        table = grown;
    }

    private Organization organizationNamed(String organizationId) {
        return organizations.computeIfAbsent(organizationId, Organization::new);
    }

    private PermissionSet permissions(List<String> granted) {
        List<String> key = granted == null ? List.of() : List.copyOf(granted);
        return permissionSets.computeIfAbsent(key, PermissionSet::new);
    }

    private RateLimit rateLimit(RateLimit limit) {
        if (limit == null || limit.equals(RateLimit.NONE)) {
            return null;
        }
        return rateLimits.computeIfAbsent(limit, l -> l);
    }

    private KeyRestrictions restrictions(Restrictions value) {
        if (value == null || (value.ipAllowlist().isEmpty() && value.referrers().isEmpty())) {
            return null;
        }
        return restrictions.computeIfAbsent(value, KeyRestrictions::compile);
    }

    /** Milliseconds of an instant, saturated: beyond what a {@code long} holds is never (or the beginning of time). */
    static long millis(Instant instant) {
        if (instant == null) {
            return KeyEntry.NEVER;
        }
        if (instant.isAfter(LATEST)) {
            return Long.MAX_VALUE;
        }
        if (instant.isBefore(EARLIEST)) {
            return Long.MIN_VALUE;
        }
        return instant.toEpochMilli();
    }

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

    private static long saturatedMillis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // overflow only when both have the same sign and the sum's differs (b is never negative here)
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long[] hashWords(String hex) {
        byte[] bytes = hex == null || hex.length() != 64 ? new byte[0] : HexFormat.of().parseHex(hex);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("not a SHA-256 digest");
        }
        return new long[]{(long) LONGS.get(bytes, 0), (long) LONGS.get(bytes, 8), (long) LONGS.get(bytes, 16),
                (long) LONGS.get(bytes, 24)};
    }

    private static int spread(long h) {
        return (int) (h ^ (h >>> 32));
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
