package io.keyledger.command.webhooks;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook machinery's wiring: its tables (JPA entities of this package) and properties. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
@RegisterDefaultEntities(packages = "io.keyledger.command.webhooks")
class WebhookConfiguration {

    /**
     * The planner's processor: tracking (the pooled one adds a fixed poll on the JDBC store), its
     * token in the database, starting at the head of the stream on its first start — a deployment
     * that adds webhooks does not deliver its past.
     */
    @Bean
    ConfigurerModule webhookDeliveriesProcessor() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(DeliveryPlanner.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }

    @Bean
    TargetPolicy webhookTargetPolicy(WebhookProperties properties) {
        return new TargetPolicy(properties.allowHttp(), properties.allowPrivateTargets());
    }
}
