package io.keyledger.query.dashboard;

import io.keyledger.support.auth.Caller;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard (issue 13): static page at {@code /}, its config at {@code /dashboard/config.json}
 * (where the command API lives), {@code GET /v1/me} (what the signed-in key may do), and the
 * Content-Security-Policy on every response that is not the API.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    FilterRegistrationBean<ContentSecurityPolicyFilter> dashboardContentSecurityPolicy(
            @Value("${keyledger.dashboard.command-url:http://localhost:8081}") String commandUrl) {
        FilterRegistrationBean<ContentSecurityPolicyFilter> registration =
                new FilterRegistrationBean<>(new ContentSecurityPolicyFilter(origin(commandUrl)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** scheme://host[:port] of a URL; the CSP's connect-src takes an origin. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("keyledger.dashboard.command-url must be an http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @RestController
    static class DashboardController {

        private final String commandUrl;

        DashboardController(@Value("${keyledger.dashboard.command-url:http://localhost:8081}") String commandUrl) {
            this.commandUrl = origin(commandUrl);
        }

        @GetMapping(path = "/dashboard/config.json", produces = "application/json")
        Map<String, String> config() {
            return Map.of("command_url", commandUrl);
        }

        record Me(String keyId, String organizationId, List<String> permissions, String environment) {
        }

        /** Any valid key may ask what it is; the dashboard shows it after sign-in. */
        @GetMapping("/v1/me")
        Me me(Caller caller) {
            return new Me(caller.keyId(), caller.organizationId(), caller.permissions(),
                    caller.environment() == null ? null : caller.environment().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
