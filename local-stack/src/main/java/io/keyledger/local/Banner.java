package io.keyledger.local;

import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;
import io.keyledger.local.infra.InfraSettings;

import java.util.Locale;

/** The one message that says everything is up and where it is. Never prints a secret. */
final class Banner {

    private static final String RULE = "-".repeat(78);

    private Banner() {
    }

    static String render(StackConfig config, double secondsToReady) {
        InfraSettings infra = config.infra();
        StringBuilder b = new StringBuilder();
        b.append(RULE).append('\n');
        b.append(String.format(Locale.ROOT, " keyledger is up in %.1f s%s%n", secondsToReady,
                config.infraOnly() ? " (infrastructure only)" : ""));
        b.append('\n');
        for (Service service : config.services()) {
            for (int i = 1; i <= config.instancesOf(service); i++) {
                String base = "http://localhost:" + config.portOf(service, i);
                String management = "http://localhost:" + config.managementPortOf(service, i);
                b.append(String.format(" %-18s %s%n", service.artifact() + (i > 1 ? " #" + i : ""), base));
                b.append(String.format(" %-18s %s/v3/api-docs   %s/actuator/health%n", "", management, management));
            }
        }
        if (config.services().contains(Service.QUERY)) {
            b.append(String.format(" %-18s %s%n", "dashboard", "http://localhost:" + config.portOf(Service.QUERY) + "/"));
        }
        if (!config.services().isEmpty()) {
            b.append('\n');
        }
        b.append(String.format(" %-18s %s%n", "kafka", infra.kafkaBootstrapServers()
                + "   (topic " + InfraSettings.AUTH_ATTEMPTS_TOPIC + ")"));
        b.append(String.format(" %-18s %s%n", "mongodb", infra.mongoUri()));
        b.append(String.format(" %-18s %s%n", "event store", infra.eventStoreUrl() + "   (user " + infra.eventStoreUser() + ", password in "
                + infra.dataDir().resolve(io.keyledger.local.infra.LocalSecrets.EVENT_STORE_PASSWORD_FILE) + ")"));
        b.append(String.format(" %-18s %s%n", "data", infra.dataDir()));
        b.append(String.format(" %-18s %s%n", "logs", infra.logDir()));
        if (config.services().contains(Service.COMMAND) || !config.infraOnly()) {
            b.append(String.format(" %-18s %s%n", "admin key", config.bootstrapAdminKey().isPresent()
                    ? "from KEYLEDGER_BOOTSTRAP_ADMIN_KEY"
                    : config.bootstrapAdminKeyFile() + "   (written by command-service on its first start)"));
        }
        if (config.infraOnly()) {
            b.append('\n');
            b.append(" run a service yourself (IDE, mvn spring-boot:run) with:\n");
            b.append("   SPRING_PROFILES_ACTIVE=local KEYLEDGER_DATA_DIR=").append(infra.dataDir()).append('\n');
            b.append("   KEYLEDGER_EVENTSTORE_URL=").append(infra.eventStoreUrl()).append('\n');
            if (infra.postgres()) {
                b.append("   KEYLEDGER_EVENT_STORE=postgres KEYLEDGER_EVENTSTORE_USER=").append(infra.eventStoreUser()).append('\n');
            }
            b.append("   KAFKA_BOOTSTRAP_SERVERS=").append(infra.kafkaBootstrapServers())
                    .append(" MONGODB_URI=").append(infra.mongoUri()).append('\n');
        }
        b.append('\n');
        b.append(" Ctrl-C stops everything.\n");
        b.append(RULE).append('\n');
        return b.toString();
    }
}
