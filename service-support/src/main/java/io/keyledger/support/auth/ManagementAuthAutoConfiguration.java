package io.keyledger.support.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyledger.support.net.ClientAddressFilter;
import io.keyledger.support.net.TrustedProxies;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
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
 *
 * <p>Properties: {@code keyledger.management-api.rate-limit.per-second} (default
 * {@value #DEFAULT_PER_SECOND}), {@code .burst} ({@value #DEFAULT_BURST}) and {@code .max-keys}
 * ({@value #DEFAULT_MAX_KEYS}, buckets kept at most); {@code keyledger.trusted-proxies} (CIDRs,
 * default loopback) for the client address management calls are judged by;
 * {@code keyledger.management-api.public-endpoints} ({@code "METHOD /path"} entries, default none)
 * for the calls that need no key, matched exactly.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "keyledger.management-api.enabled", havingValue = "true")
public class ManagementAuthAutoConfiguration {

    static final int CALLER_DIRECTORY_BATCH = 100;
    static final long DEFAULT_PER_SECOND = 20;
    static final long DEFAULT_BURST = 40;
    static final long DEFAULT_MAX_KEYS = 100_000;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CallerDirectory callerDirectory(Clock clock, ObjectProvider<MeterRegistry> registry) {
        CallerDirectory directory = new CallerDirectory(clock);
        registry.ifAvailable(r -> FunctionCounter.builder("keyledger.caller_directory.shadowing_refused", directory,
                        CallerDirectory::shadowingRefused)
                .description("key events refused because their secret was already held by another key")
                .register(r));
        return directory;
    }

    @Bean
    @ConditionalOnMissingBean
    TrustedProxies trustedProxies(Environment environment) {
        // a comma-separated string (KEYLEDGER_TRUSTED_PROXIES) or a YAML list
        return TrustedProxies.of(Binder.get(environment)
                .bind("keyledger.trusted-proxies", Bindable.listOf(String.class))
                .orElse(TrustedProxies.LOOPBACK));
    }

    @Bean
    ManagementRateLimiter managementRateLimiter(
            @Value("${keyledger.management-api.rate-limit.per-second:" + DEFAULT_PER_SECOND + "}") long perSecond,
            @Value("${keyledger.management-api.rate-limit.burst:" + DEFAULT_BURST + "}") long burst,
            @Value("${keyledger.management-api.rate-limit.max-keys:" + DEFAULT_MAX_KEYS + "}") long maxKeys,
            Clock clock) {
        return new ManagementRateLimiter(perSecond, burst, maxKeys, clock);
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

    /** Before the bearer filter, which checks the key's {@code ip_allowlist} against the judged address. */
    @Bean
    FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(TrustedProxies proxies) {
        FilterRegistrationBean<ClientAddressFilter> registration =
                new FilterRegistrationBean<>(new ClientAddressFilter(proxies));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BearerAuthenticationFilter> bearerAuthenticationFilter(CallerDirectory directory,
                                                                                  ManagementRateLimiter limiter,
                                                                                  ObjectMapper mapper,
                                                                                  Environment environment) {
        // "METHOD /path" entries that need no key (command-service: POST /v1/leaks)
        java.util.Set<String> publicEndpoints = new java.util.LinkedHashSet<>(Binder.get(environment)
                .bind("keyledger.management-api.public-endpoints", Bindable.listOf(String.class))
                .orElse(List.of()));
        FilterRegistrationBean<BearerAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new BearerAuthenticationFilter(new ManagementCallRules(directory, limiter), mapper, publicEndpoints));
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
