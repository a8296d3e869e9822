package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    AuditExport auditExport(EventStore eventStore, AuditEntries entries, ObjectMapper json) {
        return new AuditExport(eventStore, entries, json);
    }
}
