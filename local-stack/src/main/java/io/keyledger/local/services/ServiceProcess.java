package io.keyledger.local.services;

import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** One service running as a child JVM, its output in {@code $DATA/logs/<service>.log}. */
public final class ServiceProcess {

    /** Under the data directory: the jars the services run from and their pids. */
    public static final String RUN_DIR = "run";

    private final Service service;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final long startedAt;

    private int instance = 1;
    private int managementPort;

    /** Which instance of its service this is (1-based; several validators). */
    public int instance() {
        return instance;
    }

    /** Where its actuator (readiness) answers. */
    public int managementPort() {
        return managementPort;
    }

    private ServiceProcess(Service service, int port, Path logFile, Process process, long startedAt) {
        this.service = service;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.startedAt = startedAt;
    }

    /** The command line of {@code service}: {@code java <opts> -jar <jar>}. */
    static List<String> command(StackConfig config, Service service, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Arrays.stream(config.javaOpts().get(service).trim().split("\\s+"))
                .filter(opt -> !opt.isEmpty())
                .forEach(command::add);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * The environment a service gets on top of the launcher's own: the contract between
     * the local stack and the services' {@code application-local.yml}.
     */
    static Map<String, String> environment(StackConfig config, Service service) throws IOException {
        var infra = config.infra();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                // Spring's relaxed binding: these win over every profile's spring.datasource.*
                "SPRING_DATASOURCE_USERNAME", infra.eventStoreUser(),
                "SPRING_DATASOURCE_PASSWORD", infra.eventStorePassword(),
                "SPRING_PROFILES_ACTIVE", "local",
                "SERVER_PORT", String.valueOf(config.portOf(service)),
                "KEYLEDGER_DATA_DIR", infra.dataDir().toString(),
                "KEYLEDGER_EVENTSTORE_URL", infra.eventStoreUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers(),
                "MONGODB_URI", infra.mongoUri(),
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                // service-support's EventStoreSelection: h2 or postgres (bytea dialect)
                "KEYLEDGER_EVENT_STORE", infra.eventStore()));
        // the dashboard (query-service) calls command-service from the browser: each names the other's port
        env.putIfAbsent("KEYLEDGER_DASHBOARD_COMMAND_URL", "http://localhost:" + config.portOf(Service.COMMAND));
        env.putIfAbsent("KEYLEDGER_DASHBOARD_ORIGIN", "http://localhost:" + config.portOf(Service.QUERY));
        if (service.managementPortVariable() != null) {
            env.put(service.managementPortVariable(), String.valueOf(config.managementPortOf(service)));
        }
        return Map.copyOf(env);
    }

    static ServiceProcess start(StackConfig config, Service service) throws IOException {
        return start(config, service, 1);
    }

    /**
     * Instance {@code instance} (1-based) of {@code service}. Validators 2..N listen on the validator
     * ports + (i - 1), log to {@code validator-service-<i>.log} and keep their attempt journal (and
     * with it their Kafka transactional id) under {@code <data>/validators/<i>}; instance 1 keeps
     * the single validator's settings.
     */
    static ServiceProcess start(StackConfig config, Service service, int instance) throws IOException {
        String logName = instance == 1 ? service.artifact() : service.artifact() + "-" + instance;
        Path logFile = config.infra().logDir().resolve(logName + ".log");
        Files.createDirectories(logFile.getParent());
        if (Files.exists(logFile)) {
            // keep the previous run's log for one more round: it is often the interesting one
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path jar = runCopy(config.jarOf(service), config.infra().dataDir().resolve(RUN_DIR));
        ProcessBuilder builder = new ProcessBuilder(command(config, service, jar))
                .directory(config.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        // KEYLEDGER_BOOTSTRAP_ADMIN_KEY and anything else the user exported pass through
        builder.environment().putAll(environment(config, service));
        if (service == Service.VALIDATOR) {
            builder.environment().putAll(validatorEnvironment(config, instance));
        }
        ServiceProcess started = new ServiceProcess(service, config.portOf(service, instance), logFile, builder.start(),
                System.nanoTime());
        started.instance = instance;
        started.managementPort = config.managementPortOf(service, instance);
        return started;
    }

    /** What a validator instance gets on top: its ports, journal directory, identity and service key. */
    static Map<String, String> validatorEnvironment(StackConfig config, int instance) throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("SERVER_PORT", String.valueOf(config.portOf(Service.VALIDATOR, instance)));
        env.put(Service.VALIDATOR.managementPortVariable(),
                String.valueOf(config.managementPortOf(Service.VALIDATOR, instance)));
        if (instance > 1) {
            Path dir = config.infra().dataDir().resolve("validators").resolve(String.valueOf(instance));
            Files.createDirectories(dir);
            env.put("KEYLEDGER_DATA_DIR", dir.toString());
        }
        env.put("KEYLEDGER_VALIDATOR_INSTANCE_ID", "validator-" + instance);
        env.put("KEYLEDGER_COMMAND_URL", "http://localhost:" + config.portOf(Service.COMMAND));
        if (Files.isRegularFile(config.validatorServiceKeyFile())) {
            env.put("KEYLEDGER_VALIDATOR_SERVICE_KEY_FILE", config.validatorServiceKeyFile().toString());
        }
        return env;
    }

    /**
     * The jar a service runs from is a copy under {@code $DATA/run}: a JVM reads classes
     * from its jar for as long as it runs, and {@code mvn package} rewrites
     * {@code target/*.jar} in place, which breaks a running service on its next class load
     * (seen: NoClassDefFoundError in Tomcat threads after a rebuild). The copy is refreshed
     * only when the built jar differs in size or modification time.
     */
    static Path runCopy(Path built, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path copy = runDir.resolve(built.getFileName());
        if (Files.isRegularFile(copy)
                && Files.size(copy) == Files.size(built)
                && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(built))) {
            return copy;
        }
        Path partial = runDir.resolve(built.getFileName() + ".partial");
        Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    public Service service() {
        return service;
    }

    public String name() {
        return service.artifact();
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    Process process() {
        return process;
    }

    /** Seconds since the process was started. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    /** Sends SIGTERM: Spring Boot shuts down gracefully on it. */
    void terminate() {
        process.destroy();
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last {@code n} lines of the log, for a failure report. */
    public List<String> tail(int n) {
        Deque<String> lines = new ArrayDeque<>(n);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(logFile), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines.size() == n) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
        return List.copyOf(lines);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
