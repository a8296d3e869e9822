package io.keyledger.query;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The read side of keyledger: projects key events into MongoDB, turns the {@code auth-attempts}
 * topic into usage and anomaly aggregates with Kafka Streams, and serves the query and audit API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "keyledger query API", version = "v1",
        description = "Read keys, usage, anomalies, organizations and the audit trail (events, state at a time, export). "
                + "Eventually consistent with the command API; every call needs a key of the organization (Bearer)."))
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
