package io.keyledger.api.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A key's settings changed. The event carries the complete new value of every updatable
 * setting, so a projection simply overwrites them; {@code changedFields} names what the
 * caller changed, for the audit trail.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param changedFields  snake_case names of the fields that changed ({@code name}, {@code permissions}, …)
 * @param name           new name
 * @param description    new description
 * @param permissions    new permissions
 * @param rateLimit      new rate limit
 * @param restrictions   new restrictions
 * @param expiresAt      new expiry, {@code null} for never
 * @param autoRenew      the renewal rule now, {@code null} for none (and in events written before there was one)
 */
public record ApiKeyUpdatedEvent(String keyId,
                                 String organizationId,
                                 Set<String> changedFields,
                                 String name,
                                 String description,
                                 List<String> permissions,
                                 RateLimit rateLimit,
                                 Restrictions restrictions,
                                 Instant expiresAt,
                                 AutoRenew autoRenew) {

    /** Settings of a key without a renewal rule. */
    public ApiKeyUpdatedEvent(String keyId, String organizationId, Set<String> changedFields, String name,
                              String description, List<String> permissions, RateLimit rateLimit,
                              Restrictions restrictions, Instant expiresAt) {
        this(keyId, organizationId, changedFields, name, description, permissions, rateLimit, restrictions, expiresAt,
                null);
    }
}
