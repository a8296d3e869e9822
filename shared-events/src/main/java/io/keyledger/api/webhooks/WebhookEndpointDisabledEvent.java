package io.keyledger.api.webhooks;

import java.time.Instant;

/**
 * The platform switched a webhook endpoint off because every delivery to it failed since
 * {@code failingSince} (24 h by default); a PATCH with {@code enabled: true} switches it on again.
 */
public record WebhookEndpointDisabledEvent(String webhookId, String organizationId, Instant failingSince) {
}
