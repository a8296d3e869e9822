package io.keyledger.api.webhooks;

import java.util.List;

/**
 * A webhook endpoint was registered.
 *
 * @param webhookId       {@code wh_…}
 * @param organizationId  the organization whose events it receives
 * @param url             where deliveries are posted (http or https)
 * @param events          the event types it receives, or {@code ["*"]} for all
 * @param description     free text, may be {@code null}
 * @param encryptedSecret the signing secret sealed under the deployment key (base64url), never the secret
 */
public record WebhookEndpointCreatedEvent(String webhookId,
                                          String organizationId,
                                          String url,
                                          List<String> events,
                                          String description,
                                          String encryptedSecret) {
}
