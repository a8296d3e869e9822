package io.keyledger.command.organizations;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The key quota is rebuilt from the first event at every start, so it keeps no token table. */
@Configuration(proxyBeanMethods = false)
class KeyQuotaConfiguration {

    @Bean
    ConfigurerModule keyQuotaProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(KeyQuota.PROCESSING_GROUP)
                .registerTokenStore(KeyQuota.PROCESSING_GROUP, c -> new InMemoryTokenStore());
    }
}
