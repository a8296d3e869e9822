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
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Keys are never removed: a revoked or expired key must still answer {@code REVOKED} or
 * {@code EXPIRED}, not {@code NOT_FOUND}.
 */
public final class HotSet {

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

    private volatile Table table = new Table(INITIAL_CAPACITY);
    private final Map<String, Organization> organizations = new ConcurrentHashMap<>();
    private final Map<HashKey, PreviousSecret> previousSecrets = new ConcurrentHashMap<>();
    // intern pools: equal values are stored once (writer only)
    private final Map<List<String>, PermissionSet> permissionSets = new HashMap<>();
    private final Map<RateLimit, RateLimit> rateLimits = new HashMap<>();
    private final Map<Restrictions, KeyRestrictions> restrictions = new HashMap<>();

    // ---------------------------------------------------------------- reads (any thread)

    /**
     * The key whose current secret, or previous secret within its grace period, has this
     * SHA-256; {@code null} when there is none.
     *
     * @param sha256 32 bytes
     */
    public KeyEntry find(byte[] sha256, long nowMillis) {
        long h0 = (long) LONGS.get(sha256, 0);
        long h1 = (long) LONGS.get(sha256, 8);
        long h2 = (long) LONGS.get(sha256, 16);
        long h3 = (long) LONGS.get(sha256, 24);
        KeyEntry entry = lookup(table, h0, h1, h2, h3);
        if (entry != null || previousSecrets.isEmpty()) {
            return entry;
        }
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
        KeyEntry entry = new KeyEntry(event.keyId(), organizationNamed(event.organizationId()), KeyStatus.ACTIVE,
                event.owner() == null ? OwnerType.APPLICATION : event.owner().type(),
                permissions(event.permissions()), rateLimit(event.rateLimit()), restrictions(event.restrictions()),
                millis(event.expiresAt()));
        int slot = claimSlot(t, hashWords(event.keyHash()));
        ENTRIES.setRelease(t.entries, slot, entry);
        t.live++;
        fillIdCell(t, cell, event.keyId(), slot);
    }

    public synchronized void on(ApiKeyUpdatedEvent event) {
        replace(event.keyId(), e -> e.withSettings(permissions(event.permissions()), rateLimit(event.rateLimit()),
                restrictions(event.restrictions()), millis(event.expiresAt())));
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
        int newSlot = claimSlot(t, hashWords(event.keyHash()));
        if (newSlot == oldSlot) {
            return;
        }
        ENTRIES.setRelease(t.entries, newSlot, entry);
        t.slotsById[position << 1] = newSlot + 1;
        ENTRIES.setRelease(t.entries, oldSlot, TOMBSTONE);
        if (event.previousValidUntil() != null && event.previousKeyHash() != null) {
            long[] h = hashWords(event.previousKeyHash());
            previousSecrets.put(new HashKey(h[0], h[1], h[2], h[3]),
                    new PreviousSecret(event.keyId(), event.previousValidUntil().toEpochMilli()));
        }
    }

    public synchronized void on(ApiKeyPreviousSecretRetiredEvent event) {
        if (event.previousKeyHash() != null) {
            long[] h = hashWords(event.previousKeyHash());
            previousSecrets.remove(new HashKey(h[0], h[1], h[2], h[3]));
        }
    }

    public synchronized void on(ApiKeyDisabledEvent event) {
        replace(event.keyId(), e -> e.status().isTerminal() ? e : e.withStatus(KeyStatus.DISABLED));
    }

    public synchronized void on(ApiKeyEnabledEvent event) {
        replace(event.keyId(), e -> e.status() == KeyStatus.DISABLED ? e.withStatus(KeyStatus.ACTIVE) : e);
    }

    public synchronized void on(ApiKeyRevokedEvent event) {
        replace(event.keyId(), e -> e.withStatus(KeyStatus.REVOKED));
    }

    public synchronized void on(ApiKeyExpiredEvent event) {
        replace(event.keyId(), e -> e.status() == KeyStatus.REVOKED ? e : e.withStatus(KeyStatus.EXPIRED));
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
        int capacity = (t.mask + 1) * 2;
        while (t.live + 2 > capacity * 3 / 4) {
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

    private static long millis(Instant instant) {
        return instant == null ? KeyEntry.NEVER : instant.toEpochMilli();
    }

    private static long[] hashWords(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
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
