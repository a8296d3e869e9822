package io.keyledger.validator.hotset;

import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.validator.ratelimit.RateLimiter;

/**
 * One key in the hot set. Immutable: a change builds a new entry and publishes it in the
 * table with release semantics, so a verifying thread sees either the old or the new entry,
 * never a mixture. Kept small on purpose (DESIGN.md §7: ≤ 256 bytes per key): permission
 * sets, rate limits and restrictions are shared between keys that have equal ones, the
 * organization is a reference, the expiry a primitive, and the owner is reduced to its type
 * (the hot path never needs the owner's id).
 */
public final class KeyEntry implements RateLimiter.BucketHolder {

    /** Expiry of a key that never expires. */
    public static final long NEVER = Long.MAX_VALUE;
    private static final int NOT_ENDED = Integer.MAX_VALUE;

    private final String keyId;
    private final Organization organization;
    private final KeyStatus status;
    private final OwnerType ownerType;
    private final PermissionSet permissions;
    /** The key's own limits, {@code null} when every limit comes from the plan. */
    private final RateLimit rateLimit;
    /** {@code null} when the key is not restricted. */
    private final KeyRestrictions restrictions;
    private final long expiresAtMillis;
    /**
     * The minute (since the epoch, rounded up) the key was revoked or expired, {@link Integer#MAX_VALUE}
     * while it has not ended: the retention counts from here. An int in minutes fits the four bytes
     * of padding the entry had, where a long would have added eight to every key.
     */
    private final int endedAtMinute;
    /** Cache of this key's rate-limit bucket (the limiter's map is the truth); a new version of the entry starts empty. */
    private volatile RateLimiter.Bucket bucket;
    /**
     * {@code meta} and what else only some keys have; {@code null} for a plain key. Set by the hot
     * set's writer, and carried over to every new version of the entry ({@code HotSet.replace}).
     */
    private volatile KeyExtras extras;

    KeyEntry(String keyId, Organization organization, KeyStatus status, OwnerType ownerType,
             PermissionSet permissions, RateLimit rateLimit, KeyRestrictions restrictions, long expiresAtMillis) {
        this(keyId, organization, status, ownerType, permissions, rateLimit, restrictions, expiresAtMillis, NOT_ENDED);
    }

    private KeyEntry(String keyId, Organization organization, KeyStatus status, OwnerType ownerType,
                     PermissionSet permissions, RateLimit rateLimit, KeyRestrictions restrictions, long expiresAtMillis,
                     int endedAtMinute) {
        this.keyId = keyId;
        this.organization = organization;
        this.status = status;
        this.ownerType = ownerType;
        this.permissions = permissions;
        this.rateLimit = rateLimit;
        this.restrictions = restrictions;
        this.expiresAtMillis = expiresAtMillis;
        this.endedAtMinute = endedAtMinute;
    }

    KeyEntry withStatus(KeyStatus newStatus) {
        return new KeyEntry(keyId, organization, newStatus, ownerType, permissions, rateLimit, restrictions,
                expiresAtMillis, endedAtMinute);
    }

    /** A terminal status (revoked, expired) reached at {@code atMillis}. */
    KeyEntry ended(KeyStatus terminal, long atMillis) {
        return new KeyEntry(keyId, organization, terminal, ownerType, permissions, rateLimit, restrictions,
                expiresAtMillis, minuteOf(atMillis));
    }

    KeyEntry withSettings(PermissionSet newPermissions, RateLimit newRateLimit, KeyRestrictions newRestrictions,
                          long newExpiresAtMillis) {
        return new KeyEntry(keyId, organization, status, ownerType, newPermissions, newRateLimit, newRestrictions,
                newExpiresAtMillis, endedAtMinute);
    }

    public String keyId() {
        return keyId;
    }

    public Organization organization() {
        return organization;
    }

    public String organizationId() {
        return organization.id();
    }

    public KeyStatus status() {
        return status;
    }

    public OwnerType ownerType() {
        return ownerType;
    }

    public PermissionSet permissions() {
        return permissions;
    }

    public RateLimit rateLimit() {
        return rateLimit;
    }

    public KeyRestrictions restrictions() {
        return restrictions;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** When the key was revoked or expired (to the minute, rounded up), {@link #NEVER} while it has not ended. */
    public long endedAtMillis() {
        return endedAtMinute == NOT_ENDED ? NEVER : endedAtMinute * 60_000L;
    }

    private static int minuteOf(long millis) {
        long minute = Math.floorDiv(millis, 60_000L) + (Math.floorMod(millis, 60_000L) == 0 ? 0 : 1);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(NOT_ENDED, minute));
    }

    /**
     * From when the key has ended: its revocation or expiry event, or its expiry time when that
     * came first; {@link #NEVER} for a key that is live (or disabled) and does not expire.
     */
    long endMillis() {
        return Math.min(endedAtMillis(), expiresAtMillis);
    }

    @Override
    public RateLimiter.Bucket bucket() {
        return bucket;
    }

    @Override
    public void bucket(RateLimiter.Bucket bucket) {
        this.bucket = bucket;
    }

    /** What only some keys have, {@code null} for a plain key. */
    public KeyExtras extras() {
        return extras;
    }

    /** The key's {@code meta} as compact JSON text, {@code null} for none. */
    public String metaJson() {
        KeyExtras e = extras;
        return e == null ? null : e.metaJson();
    }

    void extras(KeyExtras newExtras) {
        this.extras = newExtras == null || newExtras.isEmpty() ? null : newExtras;
    }

    /** Whether the expiry has passed at {@code nowMillis}, whether or not the expiry event has arrived. */
    public boolean expiredAt(long nowMillis) {
        return status == KeyStatus.EXPIRED || nowMillis >= expiresAtMillis;
    }
}
