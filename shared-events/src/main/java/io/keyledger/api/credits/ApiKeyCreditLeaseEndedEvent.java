package io.keyledger.api.credits;

/**
 * A lease ended. {@code returned} credits went back to the balance; {@code consumed}
 * ({@code amount - returned}) were spent, or, for a lease that timed out or was voided, are
 * counted as spent because nobody can tell how many of them were.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param leaseId        the lease
 * @param end            how it ended
 * @param returned       credits given back to the balance
 * @param consumed       credits spent (or forfeited)
 * @param balance        the unleased balance after it; {@code null} when the key has no credits any more
 * @param leased         credits in the key's open leases after it
 * @param spentToday     credits consumed by leases that ended this UTC day, this one included
 * @param spentThisMonth the same for this UTC month
 */
public record ApiKeyCreditLeaseEndedEvent(String keyId, String organizationId, String leaseId, End end,
                                          long returned, long consumed, Long balance, long leased,
                                          long spentToday, long spentThisMonth) {

    public enum End {
        /** the holder gave back what it had not spent */
        RETURNED,
        /** the lease's time ran out before it was given back: all of it counts as spent */
        TIMED_OUT,
        /** a set, refill or removal of the balance started a new epoch: nothing comes back */
        VOIDED
    }
}
