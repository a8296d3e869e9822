package io.keyledger.api.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of a webhook endpoint. {@code organizationScope} is the caller's organization, or
 * {@code null} for a platform admin: an endpoint of another organization is treated as unknown.
 */
public final class WebhookCommands {

    private WebhookCommands() {
    }

    /** Register an endpoint; the secret was generated and sealed by the caller. */
    public record Create(@TargetAggregateIdentifier String webhookId, String organizationId, String url,
                         List<String> events, String description, String encryptedSecret) {
    }

    /** Change the settings named in {@code fields}. */
    public record Update(@TargetAggregateIdentifier String webhookId, String organizationScope, Set<String> fields,
                         String url, List<String> events, String description, Boolean enabled) {
    }

    /** A new signing secret; the previous one signs beside it until {@code previousValidUntil}. */
    public record RotateSecret(@TargetAggregateIdentifier String webhookId, String organizationScope,
                               String encryptedSecret, Instant previousValidUntil) {
    }

    /** Remove the endpoint (idempotent). */
    public record Delete(@TargetAggregateIdentifier String webhookId, String organizationScope) {
    }

    /** Ask for a {@code webhook.test} delivery. */
    public record RequestTest(@TargetAggregateIdentifier String webhookId, String organizationScope) {
    }

    /** The platform switches off an endpoint that failed every delivery since {@code failingSince}. */
    public record DisableFailing(@TargetAggregateIdentifier String webhookId, Instant failingSince) {
    }
}
