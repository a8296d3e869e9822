package io.keyledger.api.keys;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issue (or import) a key. The plaintext never travels in a command: whoever generates or
 * receives the value hashes it first and sends only the hash and the display prefix.
 *
 * @param keyId          new key id
 * @param organizationId owning organization (must exist)
 * @param name           1–100 printable characters
 * @param description    free text, may be {@code null}
 * @param owner          the party the key acts for
 * @param environment    live or test
 * @param keyHash        lowercase hex SHA-256 of the key's value
 * @param prefix         display prefix of the key's value
 * @param permissions    {@code resource:action} patterns
 * @param rateLimit      per-key limits; {@code null} fields fall back to the plan
 * @param restrictions   IP and referrer restrictions
 * @param expiresAt      expiry, in the future, or {@code null} for never
 * @param imported       whether the value came from another system
 * @param autoRenew      the renewal rule, {@code null} for none
 * @param credits        the key's credits (balance and refill rule), {@code null} for unlimited
 * @param meta           compact JSON text of an object ({@code meta}, see {@link ApiKeyMetaChangedEvent}), or {@code null}
 */
public record CreateApiKeyCommand(@TargetAggregateIdentifier String keyId,
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
                                  AutoRenew autoRenew,
                                  io.keyledger.api.credits.Credits credits,
                                  String meta) {

    /** A key without credits (unlimited) and without {@code meta}. */
    public CreateApiKeyCommand(String keyId, String organizationId, String name, String description, Owner owner,
                               Environment environment, String keyHash, String prefix, List<String> permissions,
                               RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, boolean imported,
                               AutoRenew autoRenew) {
        this(keyId, organizationId, name, description, owner, environment, keyHash, prefix, permissions, rateLimit,
                restrictions, expiresAt, imported, autoRenew, null, null);
    }

    /** A key without a renewal rule. */
    public CreateApiKeyCommand(String keyId, String organizationId, String name, String description, Owner owner,
                               Environment environment, String keyHash, String prefix, List<String> permissions,
                               RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, boolean imported) {
        this(keyId, organizationId, name, description, owner, environment, keyHash, prefix, permissions, rateLimit,
                restrictions, expiresAt, imported, null, null, null);
    }

    /** A key with credits, without {@code meta}. */
    public CreateApiKeyCommand(String keyId, String organizationId, String name, String description, Owner owner,
                               Environment environment, String keyHash, String prefix, List<String> permissions,
                               RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, boolean imported,
                               AutoRenew autoRenew, io.keyledger.api.credits.Credits credits) {
        this(keyId, organizationId, name, description, owner, environment, keyHash, prefix, permissions, rateLimit,
                restrictions, expiresAt, imported, autoRenew, credits, null);
    }

    /** A key with {@code meta}, without credits. */
    public CreateApiKeyCommand(String keyId, String organizationId, String name, String description, Owner owner,
                               Environment environment, String keyHash, String prefix, List<String> permissions,
                               RateLimit rateLimit, Restrictions restrictions, Instant expiresAt, boolean imported,
                               AutoRenew autoRenew, String meta) {
        this(keyId, organizationId, name, description, owner, environment, keyHash, prefix, permissions, rateLimit,
                restrictions, expiresAt, imported, autoRenew, null, meta);
    }
}
