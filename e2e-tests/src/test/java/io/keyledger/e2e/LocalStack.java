package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real local stack, started the way a user starts it ({@code java -jar keyledger-local.jar up},
 * which is what {@code ./keyledger up} execs), on free ports and a data directory of the test's own,
 * so a developer's running stack is not disturbed.
 */
final class LocalStack implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("e2e.ready-timeout-seconds", 420));

    final Path home;
    final Path dataDir;
    final int commandPort = freePort();
    final int queryPort = freePort();
    final int validatorPort = freePort();
    /** The validator's actuator (readiness) and OpenAPI: its own port serves verification only (DESIGN §8). */
    final int validatorManagementPort = freePort();
    final int kafkaPort = freePort();
    final int kafkaControllerPort = freePort();
    final int mongoPort = freePort();
    final int h2Port = freePort();
    private final Path launcherLog;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    /** Service JVMs this test restarted itself after a kill: they are children of the test, not of the launcher. */
    private final List<Process> restarted = new ArrayList<>();
    private Process launcher;

    LocalStack(Path dataDir) {
        this.home = privateHome();
        this.dataDir = dataDir;
        this.launcherLog = dataDir.resolveSibling(dataDir.getFileName() + "-launcher.log");
    }

    /**
     * Extra environment for the launcher; it passes its environment through to every service,
     * so this is how a test sets a service property (e.g. a lower limit) for the whole stack.
     */
    LocalStack withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Whether this stack's event store is PostgreSQL ({@code KEYLEDGER_EVENT_STORE=postgres}) rather than H2. */
    boolean postgres() {
        return "postgres".equals(extraEnv.get("KEYLEDGER_EVENT_STORE"));
    }

    /** The event store as the launcher serves it, on the port the test gave it (KEYLEDGER_H2_PORT). */
    String eventStoreUrl() {
        return postgres() ? "jdbc:postgresql://127.0.0.1:" + h2Port + "/keyledger"
                : "jdbc:h2:tcp://localhost:" + h2Port + "/keyledger";
    }

    String eventStoreUser() {
        return postgres() ? "keyledger" : "sa";
    }

    /** Starts the launcher and waits until all three services report ready. */
    LocalStack start() throws IOException {
        startLauncher();
        awaitStarted();
        return this;
    }

    /** Starts the launcher without waiting: {@link #awaitStarted()} or {@link #awaitReady} follow. */
    void startLauncher() throws IOException {
        Path jar = home.resolve("local-stack/target/keyledger-local.jar");
        assertThat(jar).as("launcher jar; build with ./mvnw -DskipTests package first").exists();
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "up")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launcherLog.toFile()));
        builder.environment().putAll(environment());
        builder.environment().put("KEYLEDGER_HOME", home.toString());
        launcher = builder.start();
        Process started = launcher;
        // a test JVM that is stopped (Ctrl-C, a CI timeout) takes its stack with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started.isAlive()) {
                started.destroy();
            }
        }));
    }

    /** Waits until every service of the stack reports ready; fails with the launcher's output otherwise. */
    void awaitStarted() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (int port : startedPorts()) {
            while (!ready(port)) {
                if (!launcher.isAlive()) {
                    throw new IllegalStateException("launcher exited with " + launcher.exitValue() + ":\n" + launcherOutput());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("stack not ready after " + READY_TIMEOUT + " (:" + port + " says "
                            + readiness(port) + "):\n" + launcherOutput());
                }
                sleep(250);
            }
        }
    }

    /** Ports of the services this stack starts: all three unless KEYLEDGER_SERVICES names some (a partial stack for debugging). */
    private List<Integer> startedPorts() {
        String services = extraEnv.getOrDefault("KEYLEDGER_SERVICES", System.getenv().getOrDefault("KEYLEDGER_SERVICES", "all"));
        if (services.isBlank() || services.equals("all")) {
            return List.of(commandPort, queryPort, validatorManagementPort);
        }
        List<Integer> ports = new ArrayList<>();
        for (String s : services.split(",")) {
            switch (s.trim().replace("-service", "")) {
                case "command" -> ports.add(commandPort);
                case "query" -> ports.add(queryPort);
                case "validator" -> ports.add(validatorManagementPort);
                default -> {
                }
            }
        }
        return ports;
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_DATA_DIR", dataDir.toString());
        env.put("KEYLEDGER_COMMAND_PORT", String.valueOf(commandPort));
        env.put("KEYLEDGER_QUERY_PORT", String.valueOf(queryPort));
        env.put("KEYLEDGER_VALIDATOR_PORT", String.valueOf(validatorPort));
        env.put("KEYLEDGER_VALIDATOR_MANAGEMENT_PORT", String.valueOf(validatorManagementPort));
        env.put("KEYLEDGER_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KEYLEDGER_KAFKA_CONTROLLER_PORT", String.valueOf(kafkaControllerPort));
        env.put("KEYLEDGER_MONGO_PORT", String.valueOf(mongoPort));
        env.put("KEYLEDGER_H2_PORT", String.valueOf(h2Port));
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // a CI machine shared with other builds can take minutes to start three Spring Boot JVMs
        env.put("KEYLEDGER_READY_TIMEOUT_SECONDS", String.valueOf(READY_TIMEOUT.toSeconds()));
        // the suite makes many management calls with a few keys: the per-key management limit
        // (default 20/s, burst 40) must not answer them; a test of that limit sets its own with withEnv
        env.put("KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_PER_SECOND", "100000");
        env.put("KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_BURST", "100000");
        env.putAll(extraEnv);
        return env;
    }

    /** SIGTERM to the launcher, as Ctrl-C would; returns how long it took to exit. */
    Duration stop() throws InterruptedException {
        Instant start = Instant.now();
        stopRestarted();
        launcher.destroy();
        if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor();
            throw new IllegalStateException("launcher did not stop within 30 s:\n" + launcherOutput());
        }
        return Duration.between(start, Instant.now());
    }

    /** The live service JVM (started by the launcher or restarted by the test) whose command line names {@code jarName}. */
    Optional<ProcessHandle> serviceProcess(String jarName) {
        synchronized (restarted) {
            for (Process p : restarted) {
                if (p.isAlive() && p.info().commandLine().map(c -> c.contains(jarName)).orElse(false)) {
                    return Optional.of(p.toHandle());
                }
            }
        }
        return launcher.descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(jarName)).orElse(false))
                .findFirst();
    }

    /** How a killed service JVM was started: enough to start it again exactly the same way. */
    record KilledService(String jarName, List<String> command, Map<String, String> environment, Path workDir) {
    }

    /**
     * {@code kill -9} of one service JVM. Its command line and environment are read from
     * {@code /proc} first, so that {@link #restart} starts it exactly as the launcher did.
     */
    KilledService kill(String jarName) throws IOException, InterruptedException {
        ProcessHandle handle = serviceProcess(jarName)
                .orElseThrow(() -> new IllegalStateException(jarName + " is not running"));
        Path proc = Path.of("/proc", String.valueOf(handle.pid()));
        List<String> command = List.of(Files.readString(proc.resolve("cmdline")).split("\0"));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : Files.readString(proc.resolve("environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        Path workDir = Files.readSymbolicLink(proc.resolve("cwd"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(jarName + " did not die after SIGKILL", e);
        }
        return new KilledService(jarName, command, environment, workDir);
    }

    /** Starts a killed service again with the launcher's command line and environment; its output goes to its usual log. */
    Process restart(KilledService killed) throws IOException {
        String artifact = killed.jarName().replace(".jar", "");
        Path log = dataDir.resolve("logs").resolve(artifact + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(killed.command())
                .directory(killed.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(killed.environment());
        Process process = builder.start();
        synchronized (restarted) {
            restarted.add(process);
        }
        return process;
    }

    /**
     * {@code kill -9} of the launcher JVM, which holds the event store server, the Kafka broker
     * and the Mongo server, and of every service JVM: nothing gets to flush or say goodbye.
     * {@link #start()} afterwards brings the stack up again on the same data and ports.
     */
    void crash() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        synchronized (restarted) {
            restarted.forEach(p -> all.add(p.toHandle()));
            restarted.clear();
        }
        all.add(0, launcher.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("pid " + p.pid() + " survived SIGKILL", e);
            }
        }
    }

    /** Waits until the service on {@code port} reports ready. */
    static void awaitReady(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("port " + port + " not ready after " + timeout + ": " + readiness(port));
            }
            sleep(100);
        }
    }

    private void stopRestarted() throws InterruptedException {
        List<Process> processes;
        synchronized (restarted) {
            processes = List.copyOf(restarted);
            restarted.clear();
        }
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    boolean launcherAlive() {
        return launcher != null && launcher.isAlive();
    }

    List<ProcessHandle> descendants() {
        return launcher.descendants().toList();
    }

    String bootstrapAdminKey() throws IOException {
        return Files.readString(dataDir.resolve("bootstrap-admin.key")).trim();
    }

    String launcherOutput() {
        try {
            return Files.exists(launcherLog) ? Files.readString(launcherLog) : "";
        } catch (IOException e) {
            return "(launcher log unreadable: " + e.getMessage() + ")";
        }
    }

    URI command(String path) {
        return URI.create("http://localhost:" + commandPort + path);
    }

    URI query(String path) {
        return URI.create("http://localhost:" + queryPort + path);
    }

    URI validator(String path) {
        return URI.create("http://localhost:" + validatorPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (launcherAlive()) {
            stop();
        } else {
            stopRestarted();
        }
    }

    /** The readiness answer with its details, for a failure message. */
    static String readiness(int port) {
        try {
            HttpResponse<String> response = PROBE.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static final HttpClient PROBE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    static boolean ready(int port) {
        try {
            HttpResponse<Void> response = PROBE.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path privateHome;

    /**
     * A copy of the jars this run starts, made once per test JVM. The services run from it, not
     * from the repository's target/ directories: a rebuild there while a stack runs (another
     * module's build on the same checkout) would swap a jar under a running JVM, whose next
     * class load then fails.
     */
    static synchronized Path privateHome() {
        if (privateHome != null) {
            return privateHome;
        }
        Path repo = Path.of(System.getProperty("keyledger.home", "..")).toAbsolutePath().normalize();
        try {
            Path root = Path.of("target", "e2e-stacks").toAbsolutePath();
            Files.createDirectories(root);
            Path copy = Files.createTempDirectory(root, "jars-");
            Files.copy(repo.resolve("pom.xml"), copy.resolve("pom.xml"));
            List<String> jars = List.of("local-stack/target/keyledger-local.jar", "command-service/target/command-service.jar",
                    "query-service/target/query-service.jar", "validator-service/target/validator-service.jar");
            for (String jar : jars) {
                Path source = repo.resolve(jar);
                if (Files.exists(source)) {
                    Files.createDirectories(copy.resolve(jar).getParent());
                    Files.copy(source, copy.resolve(jar));
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String jar : jars) {
                    try {
                        Files.deleteIfExists(copy.resolve(jar));
                    } catch (IOException e) {
                        // target/ is cleaned by the next mvn clean anyway
                    }
                }
            }));
            privateHome = copy;
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the jars to start", e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
