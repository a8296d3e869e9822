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

    /**
     * Only the event sourcing handlers are used here; the command handlers' parameters that Axon's
     * Spring configuration supplies (Clock, DeadlineManager) resolve to nothing in this model.
     */
    private static final AggregateModel<ApiKey> MODEL = AnnotatedAggregateMetaModelFactory.inspectAggregate(ApiKey.class,
            new org.axonframework.messaging.annotation.MultiParameterResolverFactory(
                    org.axonframework.messaging.annotation.ClasspathParameterResolverFactory.forClass(ApiKey.class),
                    (executable, parameters, index) -> new org.axonframework.messaging.annotation.ParameterResolver<Object>() {
                        @Override
                        public Object resolveParameterValue(org.axonframework.messaging.Message<?> message) {
                            return null;
                        }

                        @Override
                        public boolean matches(org.axonframework.messaging.Message<?> message) {
                            return true;
                        }
                    }));

    private final EventStore eventStore;

    KeyRecords(EventStore eventStore) {
        this.eventStore = eventStore;
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
            MODEL.publish(event, key);
            any = true;
        }
        return any ? Optional.of(key.record()) : Optional.empty();
    }
}
