package io.keyledger.query.projections;

import java.util.List;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configurer;
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
     * No correlation data providers: this service sends no message that could carry it, and Axon's
     * batching unit of work gathers the correlation data of every event of a batch each time it
     * handles one (for a result message per event), which made a rebuild's 500-event batches
     * quadratic: 11 % of the processor's time. Applied after Axon's own module, which registers
     * its default provider.
     */
    @Bean
    ConfigurerModule noCorrelationData() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.configureCorrelationDataProviders(c -> List.of());
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    /**
     * How the projections' processors treat a batch.
     * <ul>
     *   <li>The writes of a batch go to Mongo together, before its token ({@link MongoWrites#batching()}).</li>
     *   <li>A read model that silently skips an event it failed to apply is wrong forever after; a
     *       failing handler stops the processor's batch instead, and Axon retries it with back-off.</li>
     *   <li>No transaction manager: documents and tokens live in Mongo, outside any transaction. With
     *       one (Spring's JPA transaction manager, the default here) Axon stores a batch's token
     *       <em>before</em> handling the batch, counting on a rollback that Mongo cannot do, so a
     *       process that died or a batch that failed half-way left the token ahead of the documents
     *       and the batch was skipped for good (FINDINGS 17). Without one, Axon stores the token
     *       after the batch's writes, and a batch cut short is handled again.</li>
     * </ul>
     */
    @Bean
    ConfigurerModule projectionBatches() {
        return configurer -> {
            for (String group : Projections.ALL) {
                configurer.eventProcessing()
                        .registerHandlerInterceptor(group, c -> MongoWrites.batching())
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                        .registerTransactionManager(group, c -> NoTransactionManager.instance());
            }
        };
    }
}
