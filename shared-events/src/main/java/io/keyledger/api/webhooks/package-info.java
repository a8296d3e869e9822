/**
 * Webhook endpoints (API.md, "Webhooks"): commands and events of the {@code WebhookEndpoint}
 * aggregate. No message holds a signing secret in plaintext: {@code encryptedSecret} is the
 * secret sealed with AES-GCM under a key derived from the deployment secret, which the event
 * store does not hold.
 */
package io.keyledger.api.webhooks;
