package io.keyledger.validator.web;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the Netty hot path ({@code keyledger.validator.http.stack=netty}, the default) the
 * service's public port — {@code server.port}, i.e. {@code SERVER_PORT}, 8083 — belongs to
 * Netty, and Spring's own server (actuator, OpenAPI) moves to a loopback port behind it
 * ({@code keyledger.validator.internal-port}, default: any free one). Callers see one port
 * that answers everything, as API.md and the launcher expect.
 */
public class HotPathPorts implements EnvironmentPostProcessor {

    static final String PUBLIC_PORT = "keyledger.validator.http.port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!"netty".equals(environment.getProperty("keyledger.validator.http.stack", "netty"))
                || environment.containsProperty(PUBLIC_PORT)) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("validator-hot-path-ports", Map.of(
                PUBLIC_PORT, environment.getProperty("server.port", "8083"),
                "server.port", environment.getProperty("keyledger.validator.internal-port", "0"),
                "server.address", "127.0.0.1")));
    }
}
