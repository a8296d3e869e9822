package io.keyledger.api.credits;

import java.time.Instant;

/**
 * A key's balance or credit rule changed (not by a lease). A change that sets the balance
 * ({@code CONFIGURED}, {@code SET}, {@code REFILLED}, {@code REMOVED}) starts a new
 * {@code epoch}: leases of an earlier epoch are void (their unspent credits never come back), so
 * what was set is exactly what can be spent from now on. {@code ADDED} keeps the epoch.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param change         what happened
 * @param amount         the amount of the operation (set to, added, refilled to); 0 for {@code REMOVED}
 * @param balance        the unleased balance after it; {@code null} when the key has no credits (unlimited)
 * @param refill         the refill rule now, {@code null} for none
 * @param nextRefillAt   when the next refill is due, {@code null} for none
 * @param epoch          the epoch now
 */
public record ApiKeyCreditsChangedEvent(String keyId, String organizationId, CreditChange change, long amount,
                                        Long balance, CreditRefill refill, Instant nextRefillAt, long epoch) {
}
