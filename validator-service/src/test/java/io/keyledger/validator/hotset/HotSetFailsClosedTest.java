package io.keyledger.validator.hotset;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.KeyStatus;
import io.keyledger.validator.TestKeys;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Test;

/**
 * A parked event parks its key's later events too (its revocation among them), so the hot set's
 * dead-letter policy switches that key off rather than leave it VALID on stale state.
 */
class HotSetFailsClosedTest {

    @Test
    void theKeyOfAParkedEventAnswersDisabled() {
        HotSet hotSet = new HotSet();
        TestKeys keys = new TestKeys(3);
        String key = keys.newKey();
        hotSet.on(TestKeys.created("k1", "org", key, List.of("tasks:read")));
        EventMessage<?> failed = new GenericDomainEventMessage<>("ApiKey", "k1", 1, new ApiKeyRevokedEvent("k1", "org", null));

        EnqueueDecision<EventMessage<?>> decision = HotSetConfiguration.failClosed(hotSet)
                .decide(new GenericDeadLetter<>("k1", failed), new IllegalStateException("cannot apply"));

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(hotSet.find(ApiKeyFormat.sha256(key), System.currentTimeMillis()).status()).isEqualTo(KeyStatus.DISABLED);
        assertThat(hotSet.quarantinedKeys()).isEqualTo(1);
    }
}
