package io.keyledger.command.keys;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.springframework.stereotype.Component;

/**
 * A key's record as it stood right after one of its events, folded from the event store with the
 * aggregate's own event sourcing handlers: what a webhook delivers as {@code data} (never a
 * secret or a hash; {@link KeyState}). Reading, not loading through the repository, takes no
 * aggregate lock and sees exactly the state the event left, however far the reader lags.
 */
@Component
public class KeyRecords {

    private final EventStore eventStore;
    private final org.axonframework.config.Configuration axon;
    /** Inspected with the application's parameter resolvers (the aggregate's handlers take Spring beans). */
    private volatile AggregateModel<ApiKey> model;

    KeyRecords(EventStore eventStore, org.axonframework.config.Configuration axon) {
        this.eventStore = eventStore;
        this.axon = axon;
    }

    private AggregateModel<ApiKey> model() {
        AggregateModel<ApiKey> m = model;
        if (m == null) {
            m = AnnotatedAggregateMetaModelFactory.inspectAggregate(ApiKey.class, axon.parameterResolverFactory(),
                    axon.handlerDefinition(ApiKey.class));
            model = m;
        }
        return m;
    }

    /** The record after the key's event {@code sequence}, or empty when the key has no events. */
    public Optional<KeyState> asOf(String keyId, long sequence) {
        ApiKey key = new ApiKey();
        boolean any = false;
        DomainEventStream events = eventStore.readEvents(keyId);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getSequenceNumber() > sequence) {
                break;
            }
            model().publish(event, key);
            any = true;
        }
        return any ? Optional.of(key.record()) : Optional.empty();
    }
}
