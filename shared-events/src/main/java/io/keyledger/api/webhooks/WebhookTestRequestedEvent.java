package io.keyledger.api.webhooks;

/** A caller asked for a {@code webhook.test} delivery to this endpoint. */
public record WebhookTestRequestedEvent(String webhookId, String organizationId) {
}
