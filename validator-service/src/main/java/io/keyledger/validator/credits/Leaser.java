package io.keyledger.validator.credits;

/** The command API's credit leases, as {@link CreditBook} needs them ({@link CommandApiLeaser}). */
public interface Leaser {

    /** What a lease answered; {@code granted} 0 when the balance cannot cover {@code minimum}. */
    record Grant(long granted, Long balance, long expiresAtMillis, long epoch, long nextRefillMillis) {
    }

    /** Leases a block, giving back {@code previousUnspent} of {@code previousLeaseId} (when not {@code null}) first. */
    Grant lease(String keyId, String leaseId, long requested, long minimum, long ttlSeconds, String previousLeaseId,
                long previousUnspent);

    /** Gives back what is left of a lease. */
    void giveBack(String keyId, String leaseId, long unspent);

    /** A validator without a service key: every metered key is refused (fail closed). */
    Leaser NONE = new Leaser() {
        @Override
        public Grant lease(String keyId, String leaseId, long requested, long minimum, long ttlSeconds,
                           String previousLeaseId, long previousUnspent) {
            throw new IllegalStateException("no service key for the command API (keyledger.validator.credits.service-key)");
        }

        @Override
        public void giveBack(String keyId, String leaseId, long unspent) {
        }
    };
}
