package io.keyledger.api.webhooks;

import java.util.List;
import java.util.Set;

/**
 * A webhook endpoint's settings changed; the event carries every setting's new value.
 *
 * @param changedFields snake_case names of what the caller changed ({@code url}, {@code events},
 *                      {@code description}, {@code enabled})
 */
public record WebhookEndpointUpdatedEvent(String webhookId,
                                          String organizationId,
                                          Set<String> changedFields,
                                          String url,
                                          List<String> events,
                                          String description,
                                          boolean enabled) {
}
