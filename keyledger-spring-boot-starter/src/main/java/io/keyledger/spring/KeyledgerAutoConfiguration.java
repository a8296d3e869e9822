package io.keyledger.spring;

import io.keyledger.client.KeyledgerClient;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Active when {@code keyledger.validator.url} is set, in a servlet (Spring MVC) application. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnProperty(prefix = "keyledger.validator", name = "url")
@EnableConfigurationProperties(KeyledgerProperties.class)
public class KeyledgerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KeyledgerClient keyledgerClient(KeyledgerProperties properties) {
        KeyledgerProperties.Validator validator = properties.getValidator();
        KeyledgerClient.Builder builder = KeyledgerClient.builder().validatorUrl(validator.getUrl())
                .connectTimeout(validator.getConnectTimeout()).requestTimeout(validator.getRequestTimeout())
                .retries(validator.getMaxAttempts(), java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(1));
        if (validator.getCacheTtl() != null) {
            builder.verdictCache(validator.getCacheTtl(), 10_000);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    KeyledgerGuard keyledgerGuard(KeyledgerClient client) {
        return new KeyledgerGuard(client);
    }

    @Bean
    WebMvcConfigurer keyledgerWebMvc(KeyledgerGuard guard) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new RequiresApiKeyInterceptor(guard));
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new KeyledgerPrincipalArgumentResolver());
            }
        };
    }

    /** Registered always, enabled only with {@code keyledger.filter.url-patterns}. */
    @Bean
    FilterRegistrationBean<KeyledgerFilter> keyledgerFilter(KeyledgerGuard guard, KeyledgerProperties properties) {
        FilterRegistrationBean<KeyledgerFilter> registration =
                new FilterRegistrationBean<>(new KeyledgerFilter(guard, properties.getFilter().getPermission()));
        registration.setUrlPatterns(properties.getFilter().getUrlPatterns());
        registration.setEnabled(!properties.getFilter().getUrlPatterns().isEmpty());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }
}
