package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyRenewedEvent;
import io.keyledger.api.requests.KeyRequestApprovedEvent;
import io.keyledger.api.requests.KeyRequestDeniedEvent;
import io.keyledger.api.requests.KeyRequestSubmittedEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: the renewal and approval events reach subscribers under API.md's type names. */
class WebhookEventTypesTest {

    @Test
    void renewalAndKeyRequestEventsHaveTheirTypes() {
        Map<Class<?>, String> expected = Map.of(
                ApiKeyRenewedEvent.class, "key.renewed",
                KeyRequestSubmittedEvent.class, "key_request.created",
                KeyRequestApprovedEvent.class, "key_request.approved",
                KeyRequestDeniedEvent.class, "key_request.denied");
        expected.forEach((event, type) -> {
            assertThat(WebhookEventTypes.of(event)).as(event.getSimpleName()).hasValueSatisfying(m ->
                    assertThat(m.type()).isEqualTo(type));
            assertThat(WebhookEventTypes.ACCEPTED).contains(type);
        });
        // a key event's data is the key record; a request's is the event itself, organization from it
        assertThat(WebhookEventTypes.of(ApiKeyRenewedEvent.class).orElseThrow().keyId()).isNotNull();
        assertThat(WebhookEventTypes.of(KeyRequestApprovedEvent.class).orElseThrow().organizationId()).isNotNull();
    }
}
