package io.keyledger.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A sample API the starter protects: annotated handlers, an open one, and a path under the filter. */
@SpringBootApplication
public class SampleApplication {

    @RestController
    static class Tasks {

        @GetMapping("/tasks")
        @RequiresApiKey(permission = "tasks:read")
        String tasks(KeyledgerPrincipal principal) {
            return "tasks of " + principal.organizationId() + " for " + principal.keyId();
        }

        @GetMapping("/open")
        String open(KeyledgerPrincipal principal) {
            return "open " + (principal == null ? "anonymous" : principal.keyId());
        }

        @GetMapping("/api/ping")
        String ping(KeyledgerPrincipal principal) {
            return "pong " + principal.keyId();
        }
    }
}
