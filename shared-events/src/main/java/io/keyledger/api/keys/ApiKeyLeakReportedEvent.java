package io.keyledger.api.keys;

import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;

/**
 * A leak report matched one of the key's secrets that still works ({@code key.leaked}, the
 * {@code key_leaked} anomaly). The events that carry out {@code action} follow it: for the current
 * secret {@link ApiKeyDisabledEvent} (reason {@link DisabledReason#LEAKED}) or
 * {@link ApiKeyRevokedEvent}; for a previous secret in its grace period
 * {@link ApiKeyPreviousSecretRetiredEvent}; nothing for {@link LeakAction#NOTIFY}. Never the secret.
 *
 * @param keyId          the key
 * @param organizationId owning organization
 * @param secret         which secret was reported
 * @param action         the organization's {@code on_leak} when the report arrived
 * @param sourceUrl      where the reporter found it, or {@code null}
 * @param reporter       who reported it, or {@code null}
 */
public record ApiKeyLeakReportedEvent(String keyId,
                                      String organizationId,
                                      LeakedSecret secret,
                                      LeakAction action,
                                      String sourceUrl,
                                      String reporter) {
}
