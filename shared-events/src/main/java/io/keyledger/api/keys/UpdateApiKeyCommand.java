package io.keyledger.api.keys;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change some of a key's settings (a PATCH). Only the settings named in {@code fields} change;
 * for them a {@code null} value clears the setting where that is allowed (description, rate
 * limit, restrictions, expiry).
 *
 * @param authority what the calling key may act on, or {@code null} for the platform itself
 * @param keyId             the key
 * @param organizationScope the caller's organization, or {@code null} for a platform admin; a key
 *                          of another organization is treated as unknown
 * @param expectedVersion   the version the caller last saw ({@code If-Match}), or {@code null}
 * @param fields            snake_case names of the settings to change: {@code name},
 *                          {@code description}, {@code permissions}, {@code rate_limit},
 *                          {@code restrictions}, {@code expires_at}
 * @param name              new name
 * @param description       new description
 * @param permissions       new permissions
 * @param rateLimit         new rate limit
 * @param restrictions      new restrictions
 * @param expiresAt         new expiry
 * @param autoRenew         new renewal rule ({@code auto_renew}), {@code null} clears it
 * @param meta              new {@code meta}: compact JSON text of an object, {@code null} clears it
 */
public record UpdateApiKeyCommand(@TargetAggregateIdentifier String keyId,
                                  String organizationScope,
                                  Long expectedVersion,
                                  Set<String> fields,
                                  String name,
                                  String description,
                                  List<String> permissions,
                                  RateLimit rateLimit,
                                  Restrictions restrictions,
                                  Instant expiresAt,
                                  Authority authority,
                                  AutoRenew autoRenew,
                                  String meta) {

    /** A change that leaves {@code meta} alone unless {@code fields} names it (then it clears). */
    public UpdateApiKeyCommand(String keyId, String organizationScope, Long expectedVersion, Set<String> fields, String name, String description, List<String> permissions, RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, Authority authority, AutoRenew autoRenew) {
        this(keyId, organizationScope, expectedVersion, fields, name, description, permissions, rateLimit, restrictions, expiresAt, authority, autoRenew, null);
    }

    /** A change that leaves the renewal rule alone unless {@code fields} names {@code auto_renew} (then it clears). */
    public UpdateApiKeyCommand(String keyId, String organizationScope, Long expectedVersion, Set<String> fields, String name, String description, List<String> permissions, RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, Authority authority) {
        this(keyId, organizationScope, expectedVersion, fields, name, description, permissions, rateLimit, restrictions, expiresAt, authority, null, null);
    }

    /** A command from the platform itself (no calling key's authority to check). */
    public UpdateApiKeyCommand(String keyId, String organizationScope, Long expectedVersion, Set<String> fields, String name, String description, List<String> permissions, RateLimit rateLimit, Restrictions restrictions, Instant expiresAt) {
        this(keyId, organizationScope, expectedVersion, fields, name, description, permissions, rateLimit, restrictions, expiresAt, null, null, null);
    }

    public static final Set<String> UPDATABLE =
            Set.of("name", "description", "permissions", "rate_limit", "restrictions", "expires_at", "auto_renew", "meta");
}
