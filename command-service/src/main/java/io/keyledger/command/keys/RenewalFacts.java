package io.keyledger.command.keys;

import java.time.Instant;

/**
 * What a renewal is judged by that the key's own events do not hold: when the key was last used
 * (the attempt stream, as the read side counts it) and the organization's current lifetime cap.
 * Read at the moment of the expiry notice, so the decision is recorded in the event it causes.
 */
public interface RenewalFacts {

    /** The key's last verification attempt known to this service, {@code null} when none is. */
    Instant lastUsed(String keyId);

    /** The organization's {@code max_key_lifetime_days}, {@code null} for no limit. */
    Integer maxKeyLifetimeDays(String organizationId);
}
