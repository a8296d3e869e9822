package io.keyledger.validator.hotset;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hot set and the processor that builds it: tracking (a pooled processor adds a fixed
 * poll delay on the JDBC store, see INFRA-NOTES), one segment, an in-memory token so the
 * instance replays from the first event at every start, and large batches for the replay.
 * With the local (H2) event store the replay up to the head is {@link HotSetInitialLoad}'s, and
 * the processor continues from where it ended.
 * How fast a revocation reaches the set is decided by {@code keyledger.event-store.fetch-delay}
 * (how often the event store is polled for events from other processes).
 */
@Configuration(proxyBeanMethods = false)
class HotSetConfiguration {

    @Bean
    static H2LazyResults h2LazyResults() {
        return new H2LazyResults();
    }

    @Bean
    HotSet hotSet(Clock clock, @Value("${keyledger.validator.hot-set.retention:30d}") Duration retention) {
        return new HotSet(clock, retention);
    }

    @Bean(destroyMethod = "close")
    HotSetSweeper hotSetSweeper(HotSet hotSet,
                                @Value("${keyledger.validator.hot-set.sweep-interval:10m}") Duration interval) {
        return new HotSetSweeper(hotSet, interval);
    }

    @Bean
    MeterBinder hotSetMetrics(HotSet hotSet, ObjectProvider<HotSetInitialLoad> initialLoad) {
        return registry -> {
            FunctionCounter.builder("keyledger.hot_set.shadowing_refused", hotSet, HotSet::shadowingRefused)
                    .description("key events refused because their secret is held by another key").register(registry);
            FunctionCounter.builder("keyledger.hot_set.forgotten", hotSet, HotSet::forgottenKeys)
                    .description("revoked or expired keys freed after their retention").register(registry);
            FunctionCounter.builder("keyledger.hot_set.unreadable_hashes", hotSet, HotSet::unreadableHashes)
                    .description("key events whose hash was no SHA-256 (held under no secret)").register(registry);
            Gauge.builder("keyledger.hot_set.keys", hotSet, HotSet::size).description("keys held").register(registry);
            initialLoad.ifAvailable(load -> FunctionCounter
                    .builder("keyledger.hot_set.initial_load.skipped", load, HotSetInitialLoad::skipped)
                    .description("events of the initial load skipped because they could not be read or applied")
                    .register(registry));
        };
    }

    @Bean
    HotSetProjection hotSetProjection(HotSet hotSet, io.keyledger.validator.credits.CreditBook credits) {
        return new HotSetProjection(hotSet, credits);
    }

    @Bean
    ConfigurerModule hotSetProcessor(@Value("${keyledger.validator.hot-set.batch-size:1000}") int batchSize,
                                     ObjectProvider<HotSetInitialLoad> initialLoad, HotSet hotSet) {
        // an empty stream is "caught up" only after waiting this long for an event (Axon's default: 1 s),
        // so readiness came a second after the last event; an idle processor now wakes ten times a second
        TrackingEventProcessorConfiguration processor = TrackingEventProcessorConfiguration
                .forSingleThreadedProcessing().andBatchSize(batchSize)
                .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS);
        initialLoad.ifAvailable(load -> processor.andInitialTrackingToken(load::initialToken));
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HotSetProjection.PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore, c -> processor)
                .registerTokenStore(HotSetProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore())
                .registerDeadLetterPolicy(HotSetProjection.PROCESSING_GROUP, c -> failClosed(hotSet));
    }

    /**
     * The dead-letter queue parks a failed event's whole sequence — that key's later events,
     * its revocation among them. So the hot set fails closed: the key of a parked event is
     * switched off (DISABLED) until the validator can apply its events again (a restart replays them).
     */
    static EnqueuePolicy<EventMessage<?>> failClosed(HotSet hotSet) {
        return (letter, cause) -> {
            if (letter.message() instanceof DomainEventMessage<?> event) {
                hotSet.quarantine(event.getAggregateIdentifier());
            }
            return Decisions.enqueue(cause);
        };
    }

    /** The JDBC event store (Axon Server switched off): on H2 the hot set's first load reads its table. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    static class JdbcEventStore {

        @Bean
        HotSetInitialLoad hotSetInitialLoad(@Qualifier("eventSerializer") Serializer serializer,
                                            HotSetProjection projection, HotSet hotSet,
                                            @Value("${keyledger.validator.hot-set.initial-load.page-size:10000}") int pageSize) {
            return new HotSetInitialLoad(serializer, projection, hotSet, pageSize);
        }

        @Bean
        static HotSetInitialLoad.Starter hotSetInitialLoadStarter(ObjectProvider<HotSetInitialLoad> load) {
            return new HotSetInitialLoad.Starter(load);
        }
    }

    @Bean
    HotSetReadiness hotSetReadiness(EventProcessingConfiguration processing) {
        return new HotSetReadiness(processing);
    }

    @Bean
    HotSetHealthIndicator hotSetHealthIndicator(EventProcessingConfiguration processing, HotSetReadiness readiness,
                                                HotSet hotSet) {
        return new HotSetHealthIndicator(processing, readiness, hotSet);
    }
}
