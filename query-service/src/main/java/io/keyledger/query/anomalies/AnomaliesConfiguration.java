package io.keyledger.query.anomalies;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    AnomalyListener anomalyListener(AnomalyStore store, MeterRegistry meters) {
        return new AnomalyListener(store, meters);
    }

    /**
     * Writes the topology's findings and counts them: {@code keyledger.anomalies{type}} (Prometheus
     * {@code keyledger_anomalies_total}), one per finding written (a finding the topology updates in a
     * later window counts again); a type this build does not know counts as {@code other}.
     */
    static class AnomalyListener {
        static final String METER = "keyledger.anomalies";

        private final AnomalyStore store;
        private final Map<String, Counter> byType = new HashMap<>();
        private final Counter other;

        AnomalyListener(AnomalyStore store, MeterRegistry meters) {
            this.store = store;
            for (String type : AnomalyType.ALL) {
                byType.put(type, counter(meters, type));
            }
            this.other = counter(meters, "other");
        }

        private static Counter counter(MeterRegistry meters, String type) {
            return Counter.builder(METER).tag("type", type)
                    .description("anomaly findings written to the read model, by type").register(meters);
        }

        @KafkaListener(id = "anomaly-sink", topics = AnomalyTopology.OUTPUT_TOPIC)
        void on(List<String> records) {
            for (Anomaly anomaly : store.write(records)) {
                byType.getOrDefault(anomaly.type(), other).increment();
            }
        }
    }
}
