package io.keyledger.command.keys;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.Environment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A key's environment, which a rotation needs before it can generate the new secret
 * ({@code kl_live_} or {@code kl_test_}). It never changes, so it is read once from the key's
 * creation event and remembered.
 */
@Component
class KeyEnvironments {

    private static final int MAX_REMEMBERED = 100_000;

    private final EventStore eventStore;
    private final Map<String, Environment> known = new ConcurrentHashMap<>();

    KeyEnvironments(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** @throws KeyNotFoundException when no key has this id */
    Environment of(String keyId) {
        Environment environment = known.get(keyId);
        if (environment != null) {
            return environment;
        }
        DomainEventStream stream = eventStore.readEvents(keyId);
        if (!stream.hasNext() || !(stream.next().getPayload() instanceof ApiKeyCreatedEvent created)) {
            throw new KeyNotFoundException(keyId);
        }
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(keyId, created.environment());
        return created.environment();
    }

    /** The key's organization (it never changes either; read when a rule of the organization applies). */
    String organizationOf(String keyId) {
        DomainEventStream stream = eventStore.readEvents(keyId);
        if (!stream.hasNext() || !(stream.next().getPayload() instanceof ApiKeyCreatedEvent created)) {
            throw new KeyNotFoundException(keyId);
        }
        return created.organizationId();
    }
}
