package io.keyledger.api.credits;

import io.keyledger.api.keys.Authority;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of a key's credits (answers: the key record, or a {@link LeaseGrant}). */
public final class CreditCommands {

    private CreditCommands() {
    }

    /**
     * Set a key's credits (create, {@code PATCH}): the balance and the refill rule; {@code credits}
     * {@code null} removes them (the key is unlimited).
     */
    public record ConfigureCredits(@TargetAggregateIdentifier String keyId, String organizationScope,
                                   Long expectedVersion, Authority authority, Credits credits) {
    }

    /** {@code POST /v1/api-keys/{id}/credits {op, amount}}. */
    public record ChangeCredits(@TargetAggregateIdentifier String keyId, String organizationScope,
                                Long expectedVersion, Authority authority, Op op, Long amount) {
        public enum Op {
            SET, ADD
        }
    }

    /**
     * A validator leases a block (DESIGN §9), first giving back what is left of its previous lease
     * of this key, if it names one — in the same command, so the two cannot be separated.
     *
     * @param leaseId         the new lease's id (chosen by the caller: a retry is recognised)
     * @param holder          the validator instance
     * @param requested       credits wanted, 1–{@link Credits#MAX}; the key grants fewer as its balance shrinks
     * @param minimum         the least that is of use (the cost of the verification waiting for it)
     * @param ttlSeconds      how long the lease may live, 1–600
     * @param previousLeaseId the holder's previous lease of this key to end now, or {@code null}
     * @param previousUnspent what is left of it
     */
    public record LeaseCredits(@TargetAggregateIdentifier String keyId, String leaseId, String holder,
                               long requested, long minimum, long ttlSeconds, String previousLeaseId,
                               long previousUnspent) {
    }

    /** A validator gives back what it has not spent of a lease (shutdown, lease time up). */
    public record ReturnCredits(@TargetAggregateIdentifier String keyId, String leaseId, long unspent) {
    }
}
