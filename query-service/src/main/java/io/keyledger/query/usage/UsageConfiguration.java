package io.keyledger.query.usage;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/** The usage read model: collection and indexes, the sink from the topology, and its reader. */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageQueries usageQueries(MongoTemplate mongo) {
        // every read of this collection is by _id (window ids are computed), so it needs no other index
        return new UsageQueries(mongo.getCollection(UsageDocuments.COLLECTION));
    }

    @Bean
    UsageSink usageSink(MongoTemplate mongo) {
        return new UsageSink(mongo.getCollection(UsageDocuments.COLLECTION), mongo.getCollection("keys"));
    }

    @Bean
    UsageListener usageListener(UsageSink sink) {
        return new UsageListener(sink);
    }

    /** Reads committed totals only: an aborted streams transaction never reaches Mongo. */
    static class UsageListener {
        private final UsageSink sink;

        UsageListener(UsageSink sink) {
            this.sink = sink;
        }

        @KafkaListener(id = "usage-sink", topics = UsageTopology.OUTPUT_TOPIC)
        void on(List<String> records) {
            sink.write(records);
        }
    }
}
