package io.keyledger.support.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer authentication for the management APIs (command and query services), switched on
 * with {@code keyledger.management-api.enabled=true}. The caller directory is a tracking
 * processor with an in-memory token: every instance rebuilds it from the first event at
 * start, so it needs no table of its own. Its handlers touch memory only, so it runs without a
 * database transaction and takes the events available in batches of up to
 * {@value #CALLER_DIRECTORY_BATCH}: under a steady stream of new keys a transaction and a unit of
 * work per event were about a tenth of command-service's CPU per created key.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "keyledger.management-api.enabled", havingValue = "true")
public class ManagementAuthAutoConfiguration {

    static final int CALLER_DIRECTORY_BATCH = 100;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CallerDirectory callerDirectory(Clock clock) {
        return new CallerDirectory(clock);
    }

    @Bean
    ConfigurerModule callerDirectoryProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(CallerDirectory.PROCESSING_GROUP, Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(CALLER_DIRECTORY_BATCH))
                .registerTokenStore(CallerDirectory.PROCESSING_GROUP, c -> new InMemoryTokenStore())
                .registerTransactionManager(CallerDirectory.PROCESSING_GROUP, c -> NoTransactionManager.INSTANCE);
    }

    @Bean
    FilterRegistrationBean<BearerAuthenticationFilter> bearerAuthenticationFilter(CallerDirectory directory,
                                                                                  ObjectMapper mapper) {
        FilterRegistrationBean<BearerAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new BearerAuthenticationFilter(directory, mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    WebMvcConfigurer callerArgumentResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
