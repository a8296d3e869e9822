package io.keyledger.command.keys;

import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import java.time.Instant;
import java.util.List;

/**
 * A key as the command side holds it after a command: what the API answers as the "key record"
 * (API.md). No secret and no hash: the record may be shown to anyone allowed to see the key.
 *
 * @param disabledReason why a disabled key is disabled ({@code manual}, {@code leaked}); {@code null}
 *                       unless the status is disabled
 * @param version the key's version, the sequence number of its latest event; what
 *                {@code If-Match} compares with
 * @param credits the key's credits, {@code null} when it has none (unlimited)
 * @param meta    compact JSON text of the key's {@code meta} object, written into the answer as it is; {@code null} for none
 */
public record KeyState(String id,
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
                       io.keyledger.api.keys.DisabledReason disabledReason,
                       Instant createdAt,
                       Instant expiresAt,
                       io.keyledger.api.keys.AutoRenew autoRenew,
                       long version,
                       CreditsView credits,
                       @com.fasterxml.jackson.annotation.JsonRawValue String meta) {

    /** A key without credits and without {@code meta}. */
    public KeyState(String id, String prefix, String name, String description, String organizationId, Owner owner,
                    Environment environment, List<String> permissions, RateLimit rateLimit, Restrictions restrictions,
                    KeyStatus status, io.keyledger.api.keys.DisabledReason disabledReason, Instant createdAt,
                    Instant expiresAt, io.keyledger.api.keys.AutoRenew autoRenew, long version) {
        this(id, prefix, name, description, organizationId, owner, environment, permissions, rateLimit, restrictions,
                status, disabledReason, createdAt, expiresAt, autoRenew, version, null, null);
    }
}
