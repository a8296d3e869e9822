package io.keyledger.command.webhooks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A webhook endpoint as the API lists it and the sender uses it; written by {@link EndpointTable}
 * in the unit of work of the endpoint's events. The secrets are sealed ({@link SecretBox}).
 */
@Entity
@Table(name = "webhook_endpoint", indexes = @Index(name = "webhook_endpoint_org", columnList = "organizationId"))
class EndpointRow {

    @Id
    @Column(length = 40)
    String id;
    @Column(nullable = false, length = 80)
    String organizationId;
    @Column(nullable = false, length = WebhookRules.MAX_URL)
    String url;
    /** Space-separated event types, or {@code *}. */
    @Column(nullable = false, length = 2000)
    String events;
    @Column(length = WebhookRules.MAX_DESCRIPTION)
    String description;
    boolean enabled;
    boolean deleted;
    @Column(nullable = false)
    Instant createdAt;
    @Column(nullable = false, length = 200)
    String sealedSecret;
    @Column(length = 200)
    String previousSealedSecret;
    Instant previousValidUntil;
    /** First failed attempt since the last success; {@code null} while the endpoint is healthy. */
    Instant failingSince;
    /** Set when the platform switched it off after failures. */
    Instant disabledAt;

    protected EndpointRow() {
    }

    List<String> eventList() {
        return Arrays.asList(events.split(" "));
    }

    boolean wants(String type) {
        for (String e : events.split(" ")) {
            if (e.equals(WebhookEventTypes.ALL) || e.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
