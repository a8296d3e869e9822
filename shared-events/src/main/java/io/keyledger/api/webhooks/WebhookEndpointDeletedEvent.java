package io.keyledger.api.webhooks;

/** A webhook endpoint was removed for good; its pending deliveries are dropped. */
public record WebhookEndpointDeletedEvent(String webhookId, String organizationId) {
}
