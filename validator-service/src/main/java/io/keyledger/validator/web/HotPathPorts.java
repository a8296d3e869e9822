package io.keyledger.validator.web;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The ports (DESIGN §8: the validator's port serves verification only). The verification port is
 * {@code server.port} as the rest of the platform knows it — {@code SERVER_PORT}, 8083 — and
 * Spring's own server (actuator, OpenAPI) listens on {@code keyledger.validator.management-port}
 * ({@code KEYLEDGER_VALIDATOR_MANAGEMENT_PORT}, 9083):
 * <ul>
 *   <li>Netty stack (default): Netty takes the verification port
 *   ({@code keyledger.validator.http.port}); Spring's server moves to the management port;</li>
 *   <li>Spring stack: Spring MVC keeps the verification port (verification and OpenAPI) and the
 *   actuator moves to the management port ({@code management.server.port}).</li>
 * </ul>
 * Nothing is relayed from one server to the other. Properties set explicitly win.
 */
public class HotPathPorts implements EnvironmentPostProcessor {

    static final String PUBLIC_PORT = "keyledger.validator.http.port";
    static final String MANAGEMENT_PORT = "keyledger.validator.management-port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String management = environment.getProperty(MANAGEMENT_PORT, "9083");
        Map<String, Object> ports = new HashMap<>();
        if (!"netty".equals(environment.getProperty("keyledger.validator.http.stack", "netty"))) {
            if (!environment.containsProperty("management.server.port")) {
                ports.put("management.server.port", management);
            }
        } else if (!environment.containsProperty(PUBLIC_PORT)) {
            ports.put(PUBLIC_PORT, environment.getProperty("server.port", "8083"));
            ports.put("server.port", management);
        }
        if (!ports.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("validator-ports", ports));
        }
    }
}
