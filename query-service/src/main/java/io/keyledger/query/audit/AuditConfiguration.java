package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.query.projections.Projections;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditEntries auditEntries(ObjectMapper json) {
        return new AuditEntries(json);
    }

    @Bean
    KeyHistory keyHistory(EventStore eventStore, AuditEntries entries, ObjectProvider<JdbcTemplate> jdbc,
                          Serializer serializer,
                          @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        // the direct reader knows the local JDBC store's table; with Axon Server there is none
        LocalKeyEvents local = axonServer ? null
                : jdbc.getIfAvailable() == null ? null : new LocalKeyEvents(jdbc.getIfAvailable(), serializer);
        return new KeyHistory(eventStore, entries, local);
    }

    @Bean
    AuditIndex auditIndex(MongoTemplate mongo) {
        return new AuditIndex(mongo.getCollection(AuditIndex.COLLECTION));
    }

    /** The index's writes of a batch go out once its last event has been handled (see {@link AuditIndex}). */
    @Bean
    ConfigurerModule auditIndexBatches(AuditIndex auditIndex) {
        return configurer -> configurer.eventProcessing()
                .registerHandlerInterceptor(Projections.AUDIT_INDEX, c -> auditIndex.batching());
    }

    @Bean
    AuditIndexProgress auditIndexProgress(EventStore eventStore, EventProcessingConfiguration processing,
                                          @Value("${keyledger.audit.index-wait:10s}") Duration wait) {
        return AuditIndexProgress.of(eventStore, processing, wait);
    }

    @Bean
    AuditExport auditExport(AuditIndex auditIndex, EventStore eventStore, AuditEntries entries, ObjectMapper json,
                            ObjectProvider<JdbcTemplate> jdbc, Serializer serializer,
                            @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        PeriodEvents events = axonServer || jdbc.getIfAvailable() == null ? PeriodEvents.of(eventStore, entries)
                : new LocalPeriodEvents(jdbc.getIfAvailable(), serializer, entries);
        return new AuditExport(auditIndex, events, json);
    }
}
