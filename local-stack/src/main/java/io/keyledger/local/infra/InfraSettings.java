package io.keyledger.local.infra;

import java.nio.file.Path;

/**
 * Where the local infrastructure keeps its data and which ports it listens on.
 *
 * @param dataDir             absolute data directory; each server keeps its own sub-directory
 * @param eventStorePort      H2 TCP server
 * @param kafkaPort           Kafka PLAINTEXT listener
 * @param kafkaControllerPort Kafka KRaft controller listener
 * @param mongoPort           MongoDB wire protocol
 * @param eventStore          {@code h2} (H2 TCP server in this JVM) or {@code postgres} (a PostgreSQL server from
 *                            the machine's binaries as a child process, {@code KEYLEDGER_EVENT_STORE=postgres}),
 *                            either on {@code eventStorePort}
 */
public record InfraSettings(Path dataDir, int eventStorePort, int kafkaPort, int kafkaControllerPort, int mongoPort,
                            String eventStore) {

    public static final String H2 = "h2";
    public static final String POSTGRES = "postgres";
    /** The PostgreSQL role the services use. */
    static final String POSTGRES_USER = "keyledger";

    /** The H2 event store. */
    public InfraSettings(Path dataDir, int eventStorePort, int kafkaPort, int kafkaControllerPort, int mongoPort) {
        this(dataDir, eventStorePort, kafkaPort, kafkaControllerPort, mongoPort, H2);
    }

    /** Name of the event store database inside the H2 TCP server. */
    public static final String EVENT_STORE_DATABASE = "keyledger";
    /** Name of the read-model database. */
    public static final String MONGO_DATABASE = "keyledger";
    /** Topic the validators publish every authentication attempt to. */
    public static final String AUTH_ATTEMPTS_TOPIC = "auth-attempts";
    public static final int AUTH_ATTEMPTS_PARTITIONS = 3;

    public InfraSettings {
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("data dir must be absolute: " + dataDir);
        }
        if (!eventStore.equals(H2) && !eventStore.equals(POSTGRES)) {
            throw new IllegalArgumentException("event store must be h2 or postgres: " + eventStore);
        }
    }

    /**
     * WRITE_DELAY=0: H2 otherwise keeps committed changes in memory for up to 500 ms, so a
     * kill -9 of the launcher lost commands that had been answered 2xx (FINDINGS 10).
     */
    public String eventStoreUrl() {
        if (postgres()) {
            return "jdbc:postgresql://127.0.0.1:" + eventStorePort + "/" + EVENT_STORE_DATABASE;
        }
        return "jdbc:h2:tcp://localhost:" + eventStorePort + "/" + EVENT_STORE_DATABASE + ";WRITE_DELAY=0";
    }

    /** The event store user (the services get it as {@code SPRING_DATASOURCE_USERNAME}). */
    public String eventStoreUser() {
        return postgres() ? POSTGRES_USER : EventStoreServer.USER;
    }

    public boolean postgres() {
        return eventStore.equals(POSTGRES);
    }

    /** The PostgreSQL cluster's directory ({@code postgres}). */
    public Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    /**
     * The event store password, generated once into {@code dataDir/event-store.password}
     * (0600; data dir 0700).
     */
    public String eventStorePassword() throws java.io.IOException {
        return LocalSecrets.readOrCreate(dataDir, LocalSecrets.EVENT_STORE_PASSWORD_FILE);
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public String mongoUri() {
        return "mongodb://localhost:" + mongoPort + "/" + MONGO_DATABASE;
    }

    public Path eventStoreDir() {
        return dataDir.resolve("eventstore");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path mongoFile() {
        return dataDir.resolve("mongo").resolve("keyledger.mv");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
