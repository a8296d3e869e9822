package io.keyledger.api.keys;

import java.time.Instant;
import java.util.List;

/**
 * A key was issued (or imported). Carries the SHA-256 of the key, never the key.
 *
 * @param keyId          the key's id
 * @param organizationId owning organization
 * @param name           1–100 printable characters
 * @param description    free text, may be {@code null}
 * @param owner          the party the key acts for
 * @param environment    live or test
 * @param keyHash        lowercase hex SHA-256 of the key's value
 * @param prefix         display prefix ({@code kl_live_AbCd}), safe to show
 * @param permissions    {@code resource:action} patterns, see {@link Permissions}
 * @param rateLimit      per-key limits; {@code null} fields fall back to the plan
 * @param restrictions   IP and referrer restrictions
 * @param expiresAt      when the key stops working, {@code null} for never
 * @param imported       whether the key came from another system
 * @param autoRenew      the renewal rule, {@code null} for none (and in events written before there was one)
 */
public record ApiKeyCreatedEvent(String keyId,
                                 String organizationId,
                                 String name,
                                 String description,
                                 Owner owner,
                                 Environment environment,
                                 String keyHash,
                                 String prefix,
                                 List<String> permissions,
                                 RateLimit rateLimit,
                                 Restrictions restrictions,
                                 Instant expiresAt,
                                 boolean imported,
                                 AutoRenew autoRenew) {

    /** A key without a renewal rule. */
    public ApiKeyCreatedEvent(String keyId, String organizationId, String name, String description, Owner owner,
                              Environment environment, String keyHash, String prefix, List<String> permissions,
                              RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, boolean imported) {
        this(keyId, organizationId, name, description, owner, environment, keyHash, prefix, permissions, rateLimit,
                restrictions, expiresAt, imported, null);
    }
}
