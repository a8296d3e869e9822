package io.keyledger.validator.hotset;

import java.util.concurrent.atomic.LongAdder;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hot-set processor does with an event its handler fails on: skips it, counts it and
 * logs its type and aggregate (the key id), never its payload or the exception's text, which may
 * quote it. Skipping, not Axon's sequenced dead-letter queue, on purpose: a queue parks the
 * failed event's whole sequence (the key's later events), and a revocation parked behind a
 * poison event would leave the key VALID here. The set is rebuilt at every start, so nothing
 * would be retried from a queue either.
 */
final class HotSetErrors implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(HotSetErrors.class);

    private final LongAdder failed = new LongAdder();

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler) {
        failed.increment();
        String aggregate = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        log.warn("Hot set: skipped event {} ({}) of aggregate {}: its handler failed with {}", event.getIdentifier(),
                event.getPayloadType().getSimpleName(), aggregate, exception.getClass().getSimpleName());
    }

    long failed() {
        return failed.sum();
    }
}
