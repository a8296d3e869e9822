package io.keyledger.command.leaks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.command.secrets.SecretRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Leak reports: the responder and the per-address rate limit in front of the endpoint. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeakProperties.class)
class LeakConfiguration {

    @Bean
    LeakResponder leakResponder(SecretRegistry secrets, CommandGateway gateway, LeakProperties properties) {
        return new LeakResponder(secrets, gateway, properties.queueCapacity());
    }

    /** After the client address is judged (HIGHEST_PRECEDENCE + 15), before the Bearer filter (+ 20). */
    @Bean
    FilterRegistrationBean<LeakRateLimitFilter> leakRateLimitFilter(LeakProperties properties, ObjectMapper mapper) {
        FilterRegistrationBean<LeakRateLimitFilter> registration =
                new FilterRegistrationBean<>(new LeakRateLimitFilter(properties.rateLimit(), mapper));
        registration.addUrlPatterns(LeakRateLimitFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 18);
        return registration;
    }
}
