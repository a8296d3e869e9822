package io.keyledger.local;

import ch.qos.logback.classic.Level;
import io.keyledger.local.config.ConfigException;
import io.keyledger.local.config.PortUse;
import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;
import io.keyledger.local.guard.DataDirLock;
import io.keyledger.local.guard.PortCheck;
import io.keyledger.local.services.LeftoverServices;
import io.keyledger.local.services.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code up}: checks (jars, lock, ports) before it starts anything, then hands over to
 * {@link LocalStack}. Exit codes: 0 clean stop, 1 failure, 2 bad configuration.
 */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {
                "Starts the event store (H2), Kafka (KRaft) and a MongoDB-wire server",
                "in this process, then command-service, query-service and",
                "validator-service as child processes; waits until all are ready and",
                "prints where they are. Ctrl-C stops everything."},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  KEYLEDGER_DATA_DIR                data directory (default ./data)",
                "  KEYLEDGER_SERVICES                all (default), none, or e.g. command,query",
                "  KEYLEDGER_EVENT_STORE             h2 (default) or postgres (same as --event-store)",
                "  KEYLEDGER_H2_PORT                 event store (H2 or PostgreSQL), default 9095",
                "  KEYLEDGER_POSTGRES_BIN            PostgreSQL binaries (default /usr/lib/postgresql/<newest>/bin)",
                "  KEYLEDGER_KAFKA_PORT              Kafka, default 9092",
                "  KEYLEDGER_KAFKA_CONTROLLER_PORT   Kafka controller, default 9094",
                "  KEYLEDGER_MONGO_PORT              MongoDB wire protocol, default 27017",
                "  KEYLEDGER_COMMAND_PORT / _QUERY_PORT / _VALIDATOR_PORT   8081 / 8082 / 8083",
                "  KEYLEDGER_VALIDATORS              validator instances (same as --validators), default 1",
                "  KEYLEDGER_JAVA_OPTS               JVM options of every service",
                "  KEYLEDGER_COMMAND_JAVA_OPTS (and _QUERY_, _VALIDATOR_)  JVM options of one service",
                "  KEYLEDGER_READY_TIMEOUT_SECONDS   how long to wait for readiness, default 180",
                "  KEYLEDGER_BOOTSTRAP_ADMIN_KEY     admin key for a fresh event store (passed to the services)",
                "  KEYLEDGER_HOME                    repository root holding the service jars",
                "  KEYLEDGER_INFRA_LOG_LEVEL         level of logs/kafka.log and logs/infra.log, default WARN"})
final class UpCommand implements Callable<Integer> {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    @Option(names = "--infra-only", description = "Start only the infrastructure (same as KEYLEDGER_SERVICES=none).")
    boolean infraOnly;

    @Option(names = "--services", paramLabel = "LIST",
            description = "Services to start: all, none, or a list such as command,query (default: $KEYLEDGER_SERVICES or all).")
    String services;

    @Option(names = "--event-store", paramLabel = "STORE",
            description = "h2 (default) or postgres: PostgreSQL from the machine's binaries (Debian: postgresql-15),"
                    + " data under <data dir>/postgres (default: $KEYLEDGER_EVENT_STORE or h2).")
    String eventStore;

    @Option(names = "--validators", paramLabel = "N",
            description = "How many validator-service instances (1-16, default: $KEYLEDGER_VALIDATORS or 1): ports from"
                    + " KEYLEDGER_VALIDATOR_PORT (8083) and KEYLEDGER_VALIDATOR_MANAGEMENT_PORT (9083) up.")
    Integer validators;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        long startedAt = System.nanoTime();
        StackConfig config;
        try {
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            if (eventStore != null) {
                env.put(StackConfig.EVENT_STORE, eventStore);
            }
            if (validators != null) {
                env.put(StackConfig.VALIDATORS, String.valueOf(validators));
            }
            config = StackConfig.resolve(env, Path.of("").toAbsolutePath(), launcherJar(),
                    Optional.ofNullable(services), infraOnly);
        } catch (ConfigException e) {
            err.println("keyledger: " + e.getMessage());
            return EXIT_CONFIG;
        }

        for (Service service : config.services()) {
            Path jar = config.jarOf(service);
            if (!Files.isRegularFile(jar)) {
                err.println("keyledger: " + service.artifact() + " is not built (missing " + jar + ")");
                err.println("build first: ./mvnw -DskipTests package   (or start only the infrastructure: --infra-only)");
                return EXIT_FAILURE;
            }
        }

        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(config.infra().dataDir());
        } catch (DataDirLock.AlreadyRunningException e) {
            err.println(e.getMessage());
            return EXIT_FAILURE;
        }

        // before the port check: a killed launcher's services hold the ports we need
        LeftoverServices.reap(config.infra().dataDir().resolve(ServiceProcess.RUN_DIR))
                .forEach(line -> out.println("keyledger: " + line));

        List<PortUse> taken = PortCheck.taken(config.ports());
        if (!taken.isEmpty()) {
            taken.forEach(use -> err.println("keyledger: " + PortCheck.describe(use)));
            lock.close();
            return EXIT_FAILURE;
        }

        LauncherLogging.toFiles(config.infra().logDir(),
                Level.toLevel(System.getenv().getOrDefault("KEYLEDGER_INFRA_LOG_LEVEL", "WARN"), Level.WARN));
        return new LocalStack(config, lock, out, err, startedAt).run();
    }

    /** The jar this runs from ({@code java -jar keyledger-local.jar}), if it runs from one. */
    private static Optional<Path> launcherJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            return Optional.of(Path.of(classPath));
        }
        return Optional.empty();
    }
}
