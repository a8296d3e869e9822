package io.keyledger.command.secrets;

import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyRotatedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.stream.BlockingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty {@code used_secret} table from the event store before the service takes calls:
 * an event store written before the table existed, or a table lost while the events were kept.
 * The table is otherwise written only by {@link SecretRegistry} in the events' own units of work.
 */
@Component
class SecretBackfill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretBackfill.class);

    private final SecretRegistry registry;
    private final EventStore eventStore;
    private final TransactionTemplate transactions;

    SecretBackfill(SecretRegistry registry, EventStore eventStore, TransactionTemplate transactions) {
        this.registry = registry;
        this.eventStore = eventStore;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!registry.isEmpty()) {
            return;
        }
        long[] reserved = {0};
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            transactions.executeWithoutResult(tx -> {
                while (events.hasNextAvailable()) {
                    EventMessage<?> event = nextOrNull(events);
                    if (event != null && event.getPayload() instanceof ApiKeyCreatedEvent created) {
                        reserved[0] += reserve(created.keyHash(), created.keyId(), event);
                    } else if (event != null && event.getPayload() instanceof ApiKeyRotatedEvent rotated) {
                        reserved[0] += reserve(rotated.keyHash(), rotated.keyId(), event);
                    }
                }
            });
        }
        if (reserved[0] > 0) {
            log.info("used_secret table filled from the event store: {} secrets", reserved[0]);
        }
    }

    /** 1 when reserved; a second key of an old store sharing a secret keeps none (the first keeps it), logged by id. */
    private int reserve(String hash, String keyId, EventMessage<?> event) {
        try {
            registry.reserve(hash, keyId, event.getTimestamp(), "key");
            return 1;
        } catch (SecretInUseException shared) {
            log.warn("key {} was given a secret another key held before; the first key keeps it", keyId);
            return 0;
        }
    }

    private static EventMessage<?> nextOrNull(BlockingStream<TrackedEventMessage<?>> events) {
        try {
            return events.nextAvailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling the used_secret table", e);
        }
    }
}
