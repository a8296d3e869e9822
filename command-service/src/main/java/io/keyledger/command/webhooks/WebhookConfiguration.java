package io.keyledger.command.webhooks;

import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook machinery's wiring: its tables (JPA entities of this package) and properties. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
@RegisterDefaultEntities(packages = "io.keyledger.command.webhooks")
class WebhookConfiguration {

    @Bean
    TargetPolicy webhookTargetPolicy(WebhookProperties properties) {
        return new TargetPolicy(properties.allowHttp(), properties.allowPrivateTargets());
    }
}
