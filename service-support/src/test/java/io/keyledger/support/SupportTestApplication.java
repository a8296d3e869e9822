package io.keyledger.support;

import io.keyledger.support.auth.Caller;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
class SupportTestApplication {

    record Echo(String name, io.keyledger.api.keys.Environment environment, int count) {
    }

    @RestController
    static class EchoController {
        @GetMapping("/v1/whoami")
        Caller whoami(Caller caller) {
            caller.require("keys:read");
            return caller;
        }

        @PostMapping("/v1/echo")
        Echo echo(Caller caller, @RequestBody Echo echo) {
            return echo;
        }
    }
}
