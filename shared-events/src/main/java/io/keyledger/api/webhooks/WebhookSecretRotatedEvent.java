package io.keyledger.api.webhooks;

import java.time.Instant;

/**
 * A webhook endpoint got a new signing secret; the previous one keeps signing beside it until
 * {@code previousValidUntil}.
 *
 * @param encryptedSecret    the new secret sealed under the deployment key, never the secret
 * @param previousValidUntil until when deliveries carry a second signature with the previous secret
 */
public record WebhookSecretRotatedEvent(String webhookId,
                                        String organizationId,
                                        String encryptedSecret,
                                        Instant previousValidUntil) {
}
