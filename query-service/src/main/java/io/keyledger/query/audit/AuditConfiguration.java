package io.keyledger.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditEntries auditEntries(ObjectMapper json) {
        return new AuditEntries(json);
    }

    @Bean
    KeyHistory keyHistory(EventStore eventStore, AuditEntries entries) {
        return new KeyHistory(eventStore, entries);
    }

    @Bean
    AuditExport auditExport(EventStore eventStore, AuditEntries entries, ObjectMapper json) {
        return new AuditExport(eventStore, entries, json);
    }
}
