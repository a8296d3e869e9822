package io.keyledger.validator;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * validator-service: answers "may this key do this, now?" from an in-memory set built from
 * the key events, and logs every attempt to Kafka (DESIGN.md §4).
 */
@SpringBootApplication
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "keyledger validator API", version = "v1",
        description = "Verify an API key: POST /v1/verify for SDKs (the verdict in the body), GET /v1/auth for proxies "
                + "(nginx auth_request, Envoy, Caddy, Traefik: the verdict in the status and headers), GET /v1/rate-limit. "
                + "The verification endpoints are on the public port; this description, the actuator and "
                + "/v1/admin are on the management port."))
public class ValidatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ValidatorApplication.class, args);
    }
}
