package io.keyledger.api.credits;

import java.time.Instant;

/**
 * A validator took a block of a key's credits out of its balance, to spend locally until
 * {@code expiresAt} (DESIGN §9). The block is either given back ({@link ApiKeyCreditLeaseEndedEvent})
 * or, when it times out, counted as spent: a credit is never spent twice.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param leaseId        the lease
 * @param holder         the validator instance holding it
 * @param amount         credits in the block, at least 1
 * @param balance        the unleased balance after it
 * @param expiresAt      when the lease times out
 * @param epoch          the credit epoch it belongs to
 * @param leased         credits in all the key's open leases after it (this one included)
 */
public record ApiKeyCreditsLeasedEvent(String keyId, String organizationId, String leaseId, String holder,
                                       long amount, long balance, Instant expiresAt, long epoch,
                                       long leased) {
}
