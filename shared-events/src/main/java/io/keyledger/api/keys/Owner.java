package io.keyledger.api.keys;

/**
 * The party a key belongs to inside its organization.
 *
 * @param type what kind of party
 * @param id   the party's id in the caller's own system (free text, may be {@code null})
 */
public record Owner(OwnerType type, String id) {
}
