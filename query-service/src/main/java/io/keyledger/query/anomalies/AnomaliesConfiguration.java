package io.keyledger.query.anomalies;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/** The anomaly read model and its sink from the topology (committed records only). */
@Configuration(proxyBeanMethods = false)
class AnomaliesConfiguration {

    @Bean
    AnomalyStore anomalyStore(MongoTemplate mongo) {
        AnomalyStore store = new AnomalyStore(mongo.getCollection(AnomalyStore.COLLECTION));
        store.createIndexes();
        return store;
    }

    @Bean
    LeakAnomalies leakAnomalies(AnomalyStore store) {
        return new LeakAnomalies(store);
    }

    @Bean
    AnomalyListener anomalyListener(AnomalyStore store) {
        return new AnomalyListener(store);
    }

    static class AnomalyListener {
        private final AnomalyStore store;

        AnomalyListener(AnomalyStore store) {
            this.store = store;
        }

        @KafkaListener(id = "anomaly-sink", topics = AnomalyTopology.OUTPUT_TOPIC)
        void on(List<String> records) {
            store.write(records);
        }
    }
}
