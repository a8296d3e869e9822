package io.keyledger.command.webhooks;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyEnabledEvent;
import io.keyledger.api.keys.ApiKeyExpiredEvent;
import io.keyledger.api.keys.ApiKeyExpiryWarningIssuedEvent;
import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.requests.KeyRequestApprovedEvent;
import io.keyledger.api.requests.KeyRequestDeniedEvent;
import io.keyledger.api.requests.KeyRequestSubmittedEvent;
import io.keyledger.api.webhooks.WebhookEndpointDisabledEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table from events to webhook types. A new type is one line here, nothing else:
 * <ul>
 *   <li>{@link #key}: an event of a key; {@code data} is the key record as that event left it
 *       ({@code keys.KeyRecords}, never a secret or a hash) plus {@code actor};</li>
 *   <li>{@link #payload}: any other event; {@code data} is the event itself in snake_case (it must
 *       hold no secret — events never do) plus {@code actor}.</li>
 * </ul>
 * {@code anomaly.detected} comes from the anomaly topic ({@code AnomalyFeed}) and
 * {@code webhook.test} from {@code POST /v1/webhooks/{id}/test}; they need no line.
 */
public final class WebhookEventTypes {

    public static final String ALL = "*";
    public static final String ANOMALY_DETECTED = "anomaly.detected";
    public static final String TEST = "webhook.test";

    /**
     * Where an event's {@code data} and organization come from; {@code detail}, when set, adds one
     * object to a key event's {@code data} under {@code detailName} (never a secret or a hash).
     */
    record Mapping<E>(Class<E> event, String type, Function<E, String> keyId, Function<E, String> organizationId,
                      String detailName, Function<E, Object> detail) {
    }

    /** What a {@code key.leaked} delivery adds to the key record: the report, never the key. */
    record LeakDetail(String secret, String action, String sourceUrl, String reporter) {
        static LeakDetail of(ApiKeyLeakReportedEvent e) {
            return new LeakDetail(lower(e.secret()), lower(e.action()), e.sourceUrl(), e.reporter());
        }

        private static String lower(Enum<?> value) {
            return value == null ? null : value.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final List<Mapping<?>> TABLE = List.of(
            key(ApiKeyCreatedEvent.class, "key.created", ApiKeyCreatedEvent::keyId),
            key(ApiKeyUpdatedEvent.class, "key.updated", ApiKeyUpdatedEvent::keyId),
            key(io.keyledger.api.keys.ApiKeyMetaChangedEvent.class, "key.updated",
                    io.keyledger.api.keys.ApiKeyMetaChangedEvent::keyId),
            key(ApiKeyRotatedEvent.class, "key.rotated", ApiKeyRotatedEvent::keyId),
            key(ApiKeyDisabledEvent.class, "key.disabled", ApiKeyDisabledEvent::keyId),
            key(ApiKeyEnabledEvent.class, "key.enabled", ApiKeyEnabledEvent::keyId),
            key(ApiKeyRevokedEvent.class, "key.revoked", ApiKeyRevokedEvent::keyId),
            key(ApiKeyExpiredEvent.class, "key.expired", ApiKeyExpiredEvent::keyId),
            key(ApiKeyExpiryWarningIssuedEvent.class, "key.expiring", ApiKeyExpiryWarningIssuedEvent::keyId),
            key(ApiKeyRenewedEvent.class, "key.renewed", ApiKeyRenewedEvent::keyId),
            new Mapping<>(ApiKeyLeakReportedEvent.class, "key.leaked", ApiKeyLeakReportedEvent::keyId, null,
                    "leak", LeakDetail::of),
            payload(KeyRequestSubmittedEvent.class, "key_request.created", KeyRequestSubmittedEvent::organizationId),
            payload(KeyRequestApprovedEvent.class, "key_request.approved", KeyRequestApprovedEvent::organizationId),
            payload(KeyRequestDeniedEvent.class, "key_request.denied", KeyRequestDeniedEvent::organizationId),
            payload(WebhookEndpointDisabledEvent.class, "webhook.disabled", WebhookEndpointDisabledEvent::organizationId)
    );

    /**
     * What a subscription may name: every type API.md lists (including those the platform does not
     * emit yet: a subscription to them starts receiving when they arrive), and the table's.
     */
    public static final Set<String> ACCEPTED;

    private static final Map<Class<?>, Mapping<?>> BY_EVENT = new LinkedHashMap<>();

    static {
        java.util.TreeSet<String> accepted = new java.util.TreeSet<>(List.of("key.created", "key.updated", "key.rotated",
                "key.disabled", "key.enabled", "key.revoked", "key.expired", "key.expiring", "key.renewed", "key.leaked",
                "key.credits_low", "key.credits_exhausted", "key_request.created", "key_request.approved",
                "key_request.denied", ANOMALY_DETECTED, TEST));
        for (Mapping<?> mapping : TABLE) {
            BY_EVENT.put(mapping.event(), mapping);
            accepted.add(mapping.type());
        }
        ACCEPTED = java.util.Collections.unmodifiableSet(accepted);
    }

    private WebhookEventTypes() {
    }

    static Optional<Mapping<?>> of(Class<?> eventType) {
        return Optional.ofNullable(BY_EVENT.get(eventType));
    }

    private static <E> Mapping<E> key(Class<E> event, String type, Function<E, String> keyId) {
        return new Mapping<>(event, type, keyId, null, null, null);
    }

    private static <E> Mapping<E> payload(Class<E> event, String type, Function<E, String> organizationId) {
        return new Mapping<>(event, type, null, organizationId, null, null);
    }

    /** The key id of a key event, or {@code null} for a payload event. */
    @SuppressWarnings("unchecked")
    static <E> String keyIdOf(Mapping<E> mapping, Object event) {
        return mapping.keyId() == null ? null : mapping.keyId().apply((E) event);
    }

    /** What the mapping adds to a key event's {@code data}, or {@code null}. */
    @SuppressWarnings("unchecked")
    static <E> Object detailOf(Mapping<E> mapping, Object event) {
        return mapping.detail() == null ? null : mapping.detail().apply((E) event);
    }

    @SuppressWarnings("unchecked")
    static <E> String organizationOf(Mapping<E> mapping, Object event) {
        return mapping.organizationId() == null ? null : mapping.organizationId().apply((E) event);
    }
}
