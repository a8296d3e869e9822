package io.keyledger.command;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * command-service: the only writer. Owns the {@code ApiKey} and {@code Organization} aggregates
 * and answers the lifecycle API (API.md, "Command API").
 */
@SpringBootApplication
// Axon registers its JPA entities as entity-scan packages, which switches off Boot's default scan of
// this package; registering ours the same way adds to them (@EntityScan would replace them)
@RegisterDefaultEntities(packages = {"io.keyledger.command.idempotency", "io.keyledger.command.secrets",
        "io.keyledger.command.requests"})
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "keyledger command API", version = "v1",
        description = "Issue, change, rotate, disable and revoke API keys; register organizations."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "an API key with keys:write (admin:* for organizations)")
public class CommandServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
