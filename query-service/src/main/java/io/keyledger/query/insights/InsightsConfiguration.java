package io.keyledger.query.insights;

import io.keyledger.query.attempts.AttemptStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The insight answers over the running attempt topology's stores. */
@Configuration(proxyBeanMethods = false)
class InsightsConfiguration {

    @Bean
    InsightStore insightStore(AttemptStreams streams) {
        return new InsightStore(name -> streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>windowStore())));
    }

    @Bean
    Insights insights(InsightStore store) {
        return new Insights(store);
    }
}
