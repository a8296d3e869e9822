package io.keyledger.e2e.sample;

import io.keyledger.spring.KeyledgerPrincipal;
import io.keyledger.spring.RequiresApiKey;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A customer's API protected by keyledger-spring-boot-starter (StarterSampleIT). */
@SpringBootApplication
public class StarterSampleApplication {

    @RestController
    static class Tasks {

        @GetMapping("/tasks")
        @RequiresApiKey(permission = "tasks:read")
        String tasks(KeyledgerPrincipal principal) {
            return principal.organizationId() + "/" + principal.keyId();
        }

        @GetMapping("/api/ping")
        String ping(KeyledgerPrincipal principal) {
            return "pong " + principal.keyId();
        }
    }
}
