package io.keyledger.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Metrics every service shares: processor lag per processing group (see the service-support README). */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
public class MetricsAutoConfiguration {

    @Bean
    ProcessorLagMetrics processorLagMetrics(ObjectProvider<EventProcessingConfiguration> processing,
                                            ObjectProvider<EventStore> eventStore, ObjectProvider<MeterRegistry> registry,
                                            ObjectProvider<DataSource> dataSource, Environment environment) {
        // the event table is in the service's own database only when Axon Server is switched off
        boolean jdbcEventStore = "false".equals(environment.getProperty("axon.axonserver.enabled"));
        return new ProcessorLagMetrics(processing, eventStore, registry, jdbcEventStore ? dataSource.getIfAvailable() : null);
    }
}
