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
import java.util.HashMap;
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

    static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    final Path home;
    final Path dataDir;
    final int commandPort = freePort();
    final int queryPort = freePort();
    final int validatorPort = freePort();
    final int kafkaPort = freePort();
    final int kafkaControllerPort = freePort();
    final int mongoPort = freePort();
    final int h2Port = freePort();
    private final Path launcherLog;
    private Process launcher;

    LocalStack(Path dataDir) {
        this.home = Path.of(System.getProperty("keyledger.home", "..")).toAbsolutePath().normalize();
        this.dataDir = dataDir;
        this.launcherLog = dataDir.resolveSibling(dataDir.getFileName() + "-launcher.log");
    }

    /** Starts the launcher and waits until all three services report ready. */
    LocalStack start() throws IOException {
        Path jar = home.resolve("local-stack/target/keyledger-local.jar");
        assertThat(jar).as("launcher jar; build with ./mvnw -DskipTests package first").exists();
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", jar.toString(), "up")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launcherLog.toFile()));
        builder.environment().putAll(environment());
        launcher = builder.start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (int port : List.of(commandPort, queryPort, validatorPort)) {
            while (!ready(port)) {
                if (!launcher.isAlive()) {
                    throw new IllegalStateException("launcher exited with " + launcher.exitValue() + ":\n" + launcherOutput());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("stack not ready after " + READY_TIMEOUT + ":\n" + launcherOutput());
                }
                sleep(250);
            }
        }
        return this;
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_DATA_DIR", dataDir.toString());
        env.put("KEYLEDGER_COMMAND_PORT", String.valueOf(commandPort));
        env.put("KEYLEDGER_QUERY_PORT", String.valueOf(queryPort));
        env.put("KEYLEDGER_VALIDATOR_PORT", String.valueOf(validatorPort));
        env.put("KEYLEDGER_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KEYLEDGER_KAFKA_CONTROLLER_PORT", String.valueOf(kafkaControllerPort));
        env.put("KEYLEDGER_MONGO_PORT", String.valueOf(mongoPort));
        env.put("KEYLEDGER_H2_PORT", String.valueOf(h2Port));
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return env;
    }

    /** SIGTERM to the launcher, as Ctrl-C would; returns how long it took to exit. */
    Duration stop() throws InterruptedException {
        Instant start = Instant.now();
        launcher.destroy();
        if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor();
            throw new IllegalStateException("launcher did not stop within 30 s:\n" + launcherOutput());
        }
        return Duration.between(start, Instant.now());
    }

    /** The service JVM started by the launcher whose command line names {@code jarName}. */
    Optional<ProcessHandle> serviceProcess(String jarName) {
        return launcher.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(jarName)).orElse(false))
                .findFirst();
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
        }
    }

    static boolean ready(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
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
