package io.keyledger.support;

import io.keyledger.support.auth.Caller;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
class SupportTestApplication {

    record Echo(String name, io.keyledger.api.keys.Environment environment, int count, Integer perMinute,
                Integer burst, java.time.Instant expiresAt, Boolean enabled, java.util.List<String> permissions) {
    }

    record Range(java.time.Instant from, java.time.Instant to) {
    }

    /** A projection that cannot apply an event named "poison…" until it is cured. */
    @org.springframework.stereotype.Component
    @org.axonframework.config.ProcessingGroup(PoisonedProjection.GROUP)
    static class PoisonedProjection {
        static final String GROUP = "support-poisoned";
        final java.util.Set<String> applied = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean cured;

        @org.axonframework.eventhandling.EventHandler
        void on(io.keyledger.api.keys.ApiKeyCreatedEvent event) {
            if (event.name().startsWith("poison") && !cured) {
                throw new ArithmeticException("long overflow");
            }
            applied.add(event.keyId());
        }
    }

    @RestController
    static class EchoController {
        @GetMapping("/v1/whoami")
        Caller whoami(Caller caller) {
            caller.require("keys:read");
            return caller;
        }

        /** The client address a controller sees (what audit metadata records). */
        @GetMapping("/v1/address")
        java.util.Map<String, Object> address(Caller caller, jakarta.servlet.http.HttpServletRequest request) {
            return java.util.Map.of("key_id", caller.keyId(), "remote_addr", request.getRemoteAddr(),
                    "attribute", String.valueOf(request.getAttribute(io.keyledger.support.net.ClientAddressFilter.ATTRIBUTE)));
        }

        @GetMapping("/v1/range")
        Range range(Caller caller, @org.springframework.web.bind.annotation.RequestParam(required = false) java.time.Instant from,
                    @org.springframework.web.bind.annotation.RequestParam(required = false) java.time.Instant to) {
            return new Range(from, to);
        }

        /** A library's refusal (its message is not the application's) and an arithmetic failure. */
        @GetMapping("/v1/fail")
        String fail(Caller caller, @org.springframework.web.bind.annotation.RequestParam String how) {
            return switch (how) {
                case "uuid" -> java.util.UUID.fromString("not-a-uuid").toString();
                case "overflow" -> String.valueOf(Math.addExact(Long.MAX_VALUE, 1));
                default -> throw new IllegalArgumentException("how must be uuid or overflow");
            };
        }

        @PostMapping("/v1/echo")
        Echo echo(Caller caller, @RequestBody Echo echo) {
            return echo;
        }
    }
}
