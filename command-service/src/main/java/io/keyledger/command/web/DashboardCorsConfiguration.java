package io.keyledger.command.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the dashboard (served by query-service) and for no other origin. A servlet filter ahead
 * of the bearer filter, so a preflight (which carries no key) is answered here and never reaches it.
 * No credentials mode: the key travels as {@code Authorization}, never as a cookie.
 */
@Configuration(proxyBeanMethods = false)
class DashboardCorsConfiguration {

    @Bean
    FilterRegistrationBean<CorsFilter> dashboardCorsFilter(
            @Value("${keyledger.dashboard.origin:http://localhost:8082}") String origin) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(List.of(origin.trim()));
        cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
