package io.keyledger.query.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Instant;
import java.util.List;

/**
 * A key as the query API shows it (API.md "key record"), plus when it was last used and, on
 * the details call, its usage. It holds no secret and no hash by construction: neither is in
 * the read model.
 *
 * @param disabledReason why a disabled key is disabled ({@code manual}, {@code leaked}); {@code null} otherwise
 * @param version the sequence number of the last event applied to the key
 * @param meta    compact JSON text of the key's {@code meta} object, written into the answer as it is; {@code null} for none
 */
public record KeyRecord(String id,
                        String prefix,
                        String name,
                        String description,
                        String organizationId,
                        Owner owner,
                        Environment environment,
                        List<String> permissions,
                        RateLimit rateLimit,
                        Restrictions restrictions,
                        KeyStatus status,
                        Instant createdAt,
                        Instant updatedAt,
                        Instant expiresAt,
                        Instant disabledAt,
                        io.keyledger.api.keys.DisabledReason disabledReason,
                        Instant revokedAt,
                        String revocationReason,
                        Instant expiredAt,
                        Instant rotatedAt,
                        Instant previousKeyValidUntil,
                        Instant expiryWarningIssuedAt,
                        io.keyledger.api.keys.AutoRenew autoRenew,
                        Instant renewedAt,
                        boolean imported,
                        long version,
                        Instant lastUsed,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Credits credits,
                        @com.fasterxml.jackson.annotation.JsonRawValue String meta,
                        @JsonInclude(JsonInclude.Include.NON_NULL) PreviousSecret previousSecret) {

    /** A key without credits, without {@code meta} and without the details call's extras. */
    public KeyRecord(String id, String prefix, String name, String description, String organizationId, Owner owner,
                     Environment environment, List<String> permissions, RateLimit rateLimit, Restrictions restrictions,
                     KeyStatus status, Instant createdAt, Instant updatedAt, Instant expiresAt, Instant disabledAt,
                     io.keyledger.api.keys.DisabledReason disabledReason, Instant revokedAt, String revocationReason,
                     Instant expiredAt, Instant rotatedAt, Instant previousKeyValidUntil, Instant expiryWarningIssuedAt,
                     io.keyledger.api.keys.AutoRenew autoRenew, Instant renewedAt, boolean imported, long version,
                     Instant lastUsed, Usage usage) {
        this(id, prefix, name, description, organizationId, owner, environment, permissions, rateLimit, restrictions,
                status, createdAt, updatedAt, expiresAt, disabledAt, disabledReason, revokedAt, revocationReason,
                expiredAt, rotatedAt, previousKeyValidUntil, expiryWarningIssuedAt, autoRenew, renewedAt, imported,
                version, lastUsed, usage, null, null, null);
    }

    /**
     * A key's credits (API.md): {@code remaining} is what the ledger has not seen spent — the
     * balance plus what validators hold ({@code leased}), so exact whenever no lease is open;
     * {@code spent_today} and {@code spent_this_month} (UTC) add up the leases that ended (a lease
     * that timed out counts whole).
     */
    public record Credits(long remaining, long leased, long spentToday, long spentThisMonth,
                          io.keyledger.api.credits.CreditRefill refill, Instant nextRefillAt) {
    }

    /**
     * The rotation assistant's block on the details call while a previous secret is in its grace period
     * (API.md "Insights"): until when it works, when it was last used, and how often since the rotation
     * ({@code null} while the attempt pipeline is starting and its stores cannot be read).
     */
    public record PreviousSecret(Instant validUntil, Instant lastUsed, Long requestsSinceRotation) {
    }

    public KeyRecord withPreviousSecret(PreviousSecret block) {
        return new KeyRecord(id, prefix, name, description, organizationId, owner, environment, permissions,
                rateLimit, restrictions, status, createdAt, updatedAt, expiresAt, disabledAt, disabledReason, revokedAt,
                revocationReason, expiredAt, rotatedAt, previousKeyValidUntil, expiryWarningIssuedAt, autoRenew, renewedAt,
                imported, version, lastUsed, usage, credits, meta, block);
    }

    /** The details call's usage block. */
    public record Usage(long requestsToday, long requestsThisMonth) {
    }

    public KeyRecord withUsage(Usage newUsage) {
        return new KeyRecord(id, prefix, name, description, organizationId, owner, environment, permissions,
                rateLimit, restrictions, status, createdAt, updatedAt, expiresAt, disabledAt, disabledReason, revokedAt,
                revocationReason, expiredAt, rotatedAt, previousKeyValidUntil, expiryWarningIssuedAt, autoRenew, renewedAt, imported,
                version, lastUsed, newUsage, credits, meta, previousSecret);
    }
}
