package io.keyledger.support.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.SimpleStatusAggregator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's sequenced dead-letter queue for every processing group of the service (see the package
 * documentation), and what shows it: health, gauge and, where the management API runs, the admin API.
 * Properties: {@code keyledger.dead-letters.max-sequences} and {@code .max-sequence-size} (Axon's
 * defaults, 1024 each; a full queue stops its processor, as before the queue existed) and
 * {@code .excluded-groups}: groups whose failure must fail the publishing command (set-based
 * validation), so they get no queue.
 */
@AutoConfiguration(before = HealthEndpointAutoConfiguration.class)
@ConditionalOnClass(EventProcessingConfiguration.class)
public class DeadLetterAutoConfiguration {

    /**
     * Runs after Axon's own modules: Axon Spring Boot registers a provider that gives a queue only
     * to groups with {@code axon.eventhandling.processors.<group>.dlq.enabled}; this one replaces it.
     */
    static final int ORDER = Integer.MAX_VALUE - 100;

    @Bean
    ConfigurerModule deadLetterQueuesForEveryGroup(
            @Value("${keyledger.dead-letters.max-sequences:1024}") int maxSequences,
            @Value("${keyledger.dead-letters.max-sequence-size:1024}") int maxSequenceSize,
            @Value("${keyledger.dead-letters.excluded-groups:}") java.util.Set<String> excludedGroups) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing()
                        .registerDeadLetterQueueProvider(group -> excludedGroups.contains(group) ? null : config ->
                                DeadLetterQueues.forGroup(group, config, maxSequences, maxSequenceSize))
                        // Axon's default (logging) handler swallows the failure before the
                        // dead-lettering invoker could park the event
                        .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            }

            @Override
            public int order() {
                return ORDER;
            }
        };
    }

    @Bean
    DeadLetters deadLetterQueues(EventProcessingConfiguration processing) {
        return new DeadLetters(processing);
    }

    @Bean("deadLetters")
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    DeadLetterHealth deadLetterHealth(DeadLetters deadLetters) {
        return new DeadLetterHealth(deadLetters);
    }

    /**
     * DEGRADED ranks between DOWN/OUT_OF_SERVICE and UP, so the overall status shows it; like UP
     * it answers HTTP 200 (Boot maps only DOWN and OUT_OF_SERVICE to 503).
     */
    @Bean
    @ConditionalOnMissingBean
    StatusAggregator healthStatusAggregator() {
        return new SimpleStatusAggregator(Status.DOWN, Status.OUT_OF_SERVICE, DeadLetterHealth.DEGRADED, Status.UP,
                Status.UNKNOWN);
    }

    @Bean
    DeadLetterMetrics deadLetterMetrics(DeadLetters deadLetters, ObjectProvider<MeterRegistry> registry) {
        return new DeadLetterMetrics(deadLetters, registry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(name = "keyledger.management-api.enabled", havingValue = "true")
    static class AdminApi {

        @Bean
        DeadLetterController deadLetterController(DeadLetters deadLetters) {
            return new DeadLetterController(deadLetters);
        }
    }
}
