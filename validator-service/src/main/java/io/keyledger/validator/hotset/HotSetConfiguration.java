package io.keyledger.validator.hotset;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hot set and the processor that builds it: tracking (a pooled processor adds a fixed
 * poll delay on the JDBC store, see INFRA-NOTES), one segment, an in-memory token so the
 * instance replays from the first event at every start, and large batches for the replay.
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
    HotSet hotSet() {
        return new HotSet();
    }

    @Bean
    HotSetProjection hotSetProjection(HotSet hotSet) {
        return new HotSetProjection(hotSet);
    }

    @Bean
    ConfigurerModule hotSetProcessor(@Value("${keyledger.validator.hot-set.batch-size:1000}") int batchSize) {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(HotSetProjection.PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize))
                .registerTokenStore(HotSetProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore());
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
