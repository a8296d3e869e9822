package io.keyledger.api.keys;

import java.time.Instant;

/**
 * A key was renewed by its {@link AutoRenew} rule (actor {@code system}). The new expiry itself
 * reaches every reader through the {@link ApiKeyUpdatedEvent} (changed field {@code expires_at})
 * applied just before this one; this event is the fact for the audit trail and the
 * {@code key.renewed} webhook.
 *
 * @param keyId             the key
 * @param organizationId    owning organization
 * @param previousExpiresAt the expiry before
 * @param expiresAt         the expiry now
 * @param periodDays        the rule's period (the move may be shorter: capped by the organization's lifetime)
 */
public record ApiKeyRenewedEvent(String keyId, String organizationId, Instant previousExpiresAt, Instant expiresAt,
                                 int periodDays) {
}
