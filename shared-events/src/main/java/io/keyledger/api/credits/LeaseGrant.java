package io.keyledger.api.credits;

import java.time.Instant;

/**
 * The answer to a lease: {@code granted} credits (0 when the balance cannot cover {@code minimum})
 * until {@code expiresAt}.
 *
 * @param leaseId      the lease, {@code null} when nothing was granted
 * @param granted      credits granted
 * @param balance      the unleased balance after it, {@code null} when the key has no credits (unlimited)
 * @param expiresAt    when the lease times out
 * @param epoch        the credit epoch
 * @param nextRefillAt the next refill, {@code null} for none
 */
public record LeaseGrant(String leaseId, long granted, Long balance, Instant expiresAt, long epoch,
                         Instant nextRefillAt) {
}
