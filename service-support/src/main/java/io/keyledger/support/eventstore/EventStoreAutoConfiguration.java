package io.keyledger.support.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The event store every keyledger service shares.
 *
 * <p>In production the event store is Axon Server and Axon's own auto-configuration applies.
 * Locally ({@code axon.axonserver.enabled=false}) it is Axon's JPA storage engine on one JDBC
 * database that all three service processes use. Axon's default {@code EmbeddedEventStore}
 * then polls that database once per second for events appended by other processes, which
 * would make a revocation take up to a second to reach the validators; no Spring Boot
 * property sets the poll interval, so this configuration declares the event store itself
 * with {@code keyledger.event-store.fetch-delay} (and therefore the storage engine too,
 * since Axon's JPA event store auto-configuration backs off when an event store exists).
 *
 * <p>All Axon messages, events and tokens are serialized with Jackson through a mapper of
 * their own, independent of the HTTP API's snake_case mapper, so the stored JSON stays
 * stable whatever the web layer does.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JpaEventStoreAutoConfiguration.class})
public class EventStoreAutoConfiguration {

    /** The mapper Axon uses for stored events, snapshots, tokens and metadata. */
    static ObjectMapper eventObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // events are forever: an older reader must tolerate fields added later
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(eventObjectMapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    /** The local (JDBC) event store, used whenever Axon Server is switched off. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    @RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
    static class Local {

        @Bean
        EventStorageEngine eventStorageEngine(Serializer serializer,
                                              PersistenceExceptionResolver persistenceExceptionResolver,
                                              @Qualifier("eventSerializer") Serializer eventSerializer,
                                              Configuration configuration,
                                              EntityManagerProvider entityManagerProvider,
                                              TransactionManager transactionManager,
                                              @Value("${keyledger.event-store.batch-size:100}") int batchSize) {
            // batch size: events per query when a processor reads the stream (a replay reads all of it)
            return JpaEventStorageEngine.builder()
                    .batchSize(batchSize)
                    .snapshotSerializer(serializer)
                    .upcasterChain(configuration.upcasterChain())
                    .persistenceExceptionResolver(persistenceExceptionResolver)
                    .eventSerializer(eventSerializer)
                    .snapshotFilter(configuration.snapshotFilter())
                    .entityManagerProvider(entityManagerProvider)
                    .transactionManager(transactionManager)
                    .build();
        }

        @Bean
        EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                      @Value("${keyledger.event-store.fetch-delay:25ms}") Duration fetchDelay) {
            return EmbeddedEventStore.builder()
                    .storageEngine(storageEngine)
                    .fetchDelay(fetchDelay.toMillis())
                    .build();
        }
    }
}
