package io.keyledger.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A small cache of verdicts, off unless asked for. Staleness bound: an answer is reused for at most
 * {@code ttl} (at most {@link #MAX_TTL}) after the validator gave it, so a key revoked or disabled
 * keeps passing for at most that long. A denial other than {@code RATE_LIMITED} is reused for at
 * most {@link #MAX_DENIAL_TTL} (a key created or enabled a moment ago must soon pass); a
 * {@code RATE_LIMITED} answer until its window resets, never longer than {@code ttl}. Answers
 * served from the cache are not seen by the validator: they are not counted against the key's rate
 * limit and not logged as attempts. Entries are keyed by a SHA-256 of the request, never the
 * plaintext key; at most {@code maxEntries} are kept (when full, new answers are not cached).
 */
final class VerdictCache {

    static final Duration MAX_TTL = Duration.ofSeconds(5);
    static final Duration MAX_DENIAL_TTL = Duration.ofSeconds(1);

    private record Entry(VerifyResult result, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanos;
    private final LongSupplier epochSeconds;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    VerdictCache(Duration ttl, int maxEntries, LongSupplier nanos, LongSupplier epochSeconds) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("verdict cache ttl must be in (0, " + MAX_TTL.toSeconds() + " s]: " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("verdict cache maxEntries must be positive: " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanos = nanos;
        this.epochSeconds = epochSeconds;
    }

    VerifyResult get(VerifyRequest request) {
        String id = id(request);
        Entry entry = entries.get(id);
        if (entry == null) {
            return null;
        }
        if (nanos.getAsLong() - entry.expiresAtNanos >= 0) {
            entries.remove(id, entry);
            return null;
        }
        return entry.result;
    }

    void put(VerifyRequest request, VerifyResult result) {
        long lifetime = lifetimeNanos(result);
        if (lifetime <= 0) {
            return;
        }
        long now = nanos.getAsLong();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> now - entry.expiresAtNanos >= 0);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(id(request), new Entry(result, now + lifetime));
    }

    private long lifetimeNanos(VerifyResult result) {
        if (result.valid()) {
            return ttlNanos;
        }
        if (VerifyResult.RATE_LIMITED.equals(result.code())) {
            long untilReset = result.ratelimit() == null ? 0
                    : Duration.ofSeconds(result.ratelimit().reset() - epochSeconds.getAsLong()).toNanos();
            return Math.min(ttlNanos, untilReset);
        }
        return Math.min(ttlNanos, MAX_DENIAL_TTL.toNanos());
    }

    int size() {
        return entries.size();
    }

    private static String id(VerifyRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {request.key(), String.join("\n", request.permissions()), request.ip(),
                    request.referrer()}) {
                digest.update(part == null ? new byte[] {0} : ("\u0001" + part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
