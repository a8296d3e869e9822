package io.keyledger.query.projections;

import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * The projections' tracking tokens live in MongoDB next to the documents they describe
 * (collection {@value #TOKENS_COLLECTION}), so dropping the read model and its progress is one
 * decision, and the shared event store database holds no query-service state.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    static final String TOKENS_COLLECTION = "tracking_tokens";

    @Bean
    TokenStore tokenStore(MongoDatabaseFactory mongo, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(mongo.getMongoDatabase())
                        .trackingTokensCollectionName(TOKENS_COLLECTION)
                        .build())
                .serializer(serializer)
                .build();
    }

    @Bean
    ProjectionRebuilds projectionRebuilds(EventProcessingConfiguration processing, EventStore eventStore) {
        return new ProjectionRebuilds(processing, eventStore);
    }

    @Bean("projections")
    ProjectionHealth projectionHealth(EventProcessingConfiguration processing, ProjectionRebuilds rebuilds) {
        return new ProjectionHealth(processing, rebuilds);
    }

    @Bean("readModel")
    ReadModelHealth readModelHealth(MongoTemplate mongo) {
        return new ReadModelHealth(mongo);
    }

    /**
     * A read model that silently skips an event it failed to apply is wrong forever after; a
     * failing handler stops the processor's batch instead, and Axon retries it with back-off.
     */
    @Bean
    ConfigurerModule projectionsPropagateErrors() {
        return configurer -> {
            for (String group : List.of(Projections.KEYS, Projections.ORGANIZATIONS)) {
                configurer.eventProcessing()
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
        };
    }
}
