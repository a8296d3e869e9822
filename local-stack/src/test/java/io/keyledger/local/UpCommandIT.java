package io.keyledger.local;

import io.keyledger.local.guard.PortCheck;
import io.keyledger.local.services.FakeServiceJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar keyledger-local.jar up} as a user runs it: the packaged jar in its own
 * JVM, on free ports and a data directory of the test's own, with fake service jars.
 */
class UpCommandIT {

    private static final Duration READY = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final List<Process> launched = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : launched) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A launcher run: its process and the files its stdout and stderr go to. */
    record Run(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("launcher exits within " + timeout).isTrue();
            return process.exitValue();
        }

        void awaitBanner() throws Exception {
            long deadline = System.nanoTime() + READY.toNanos();
            while (!stdout().contains("Ctrl-C stops everything")) {
                if (!process.isAlive()) {
                    throw new AssertionError("launcher exited with " + process.exitValue() + "\n" + stdout() + stderr());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no banner after " + READY + "\n" + stdout() + stderr());
                }
                Thread.sleep(100);
            }
        }
    }

    private Map<String, String> stackEnv(Path dataDir) {
        int[] ports = TestPorts.free(8);
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_DATA_DIR", dataDir.toString());
        env.put("KEYLEDGER_H2_PORT", String.valueOf(ports[0]));
        env.put("KEYLEDGER_KAFKA_PORT", String.valueOf(ports[1]));
        env.put("KEYLEDGER_KAFKA_CONTROLLER_PORT", String.valueOf(ports[2]));
        env.put("KEYLEDGER_MONGO_PORT", String.valueOf(ports[3]));
        env.put("KEYLEDGER_COMMAND_PORT", String.valueOf(ports[4]));
        env.put("KEYLEDGER_QUERY_PORT", String.valueOf(ports[5]));
        env.put("KEYLEDGER_VALIDATOR_PORT", String.valueOf(ports[6]));
        env.put("KEYLEDGER_VALIDATOR_MANAGEMENT_PORT", String.valueOf(ports[7]));
        env.put("KEYLEDGER_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=1");
        return env;
    }

    private Run up(Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("keyledger.launcher.jar", "target/keyledger-local.jar");
        assertThat(Path.of(jar)).as("launcher jar (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar, "up"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "launcher", ".out");
        Path err = Files.createTempFile(tmp, "launcher", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        launched.add(process);
        return new Run(process, out, err);
    }

    /** Issue 12 item 5: every directory under the data dir is 0700, every file 0600. */
    private static void assertOwnerOnly(Path dataDir) throws IOException {
        assertThat(dataDir.resolve("event-store.password")).exists();
        List<String> open = new ArrayList<>();
        int files = 0;
        try (var paths = Files.walk(dataDir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                if (!mode.equals(expected)) {
                    open.add(dataDir.relativize(path) + " " + mode);
                }
                files++;
            }
        }
        assertThat(files).as("files under the data dir").isGreaterThan(5);
        assertThat(open).as("paths readable by others").isEmpty();
    }

    /** Issue 12 item 5: H2, Kafka and Mongo answer on loopback and on no other address of this machine. */
    private static void assertLoopbackOnly(Map<String, String> env) throws IOException {
        List<java.net.InetAddress> others = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(others::add);
            }
        }
        for (String variable : List.of("KEYLEDGER_H2_PORT", "KEYLEDGER_KAFKA_PORT", "KEYLEDGER_MONGO_PORT")) {
            int port = port(env, variable);
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 2000);
            }
            for (var address : others) {
                try (var socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(address, port), 2000);
                    throw new AssertionError(variable + " answers on " + address.getHostAddress());
                } catch (java.net.ConnectException refused) {
                    // bound to loopback only
                }
            }
        }
    }

    private static int port(Map<String, String> env, String name) {
        return Integer.parseInt(env.get(name));
    }

    @Test
    void infraOnlyComesUpRefusesASecondStackAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = tmp.resolve("data");
        Map<String, String> env = stackEnv(dataDir);

        Run first = up(env, "--infra-only");
        first.awaitBanner();

        String banner = first.stdout();
        assertThat(banner)
                .contains("event store ready on :" + port(env, "KEYLEDGER_H2_PORT"))
                .contains("kafka ready on :" + port(env, "KEYLEDGER_KAFKA_PORT"))
                .contains("mongo ready on :" + port(env, "KEYLEDGER_MONGO_PORT"))
                .contains("(infrastructure only)")
                .contains("localhost:" + port(env, "KEYLEDGER_KAFKA_PORT"))
                .contains("mongodb://localhost:" + port(env, "KEYLEDGER_MONGO_PORT") + "/keyledger")
                .contains("jdbc:h2:tcp://localhost:" + port(env, "KEYLEDGER_H2_PORT") + "/keyledger")
                .contains(dataDir.toString());
        assertThat(banner.split("keyledger is up", -1)).as("one banner").hasSize(2);
        assertThat(dataDir.resolve("logs/kafka.log")).exists();
        assertOwnerOnly(dataDir);
        assertLoopbackOnly(env);

        // same data dir: refused by the lock before anything else
        Run second = up(env, "--infra-only");
        assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(second.stderr().trim()).isEqualTo("keyledger is already running (data dir " + dataDir
                + ", pid " + first.process().pid() + ")");

        // another data dir on the same ports: refused by the port check, one line per port
        Map<String, String> clash = new HashMap<>(env);
        clash.put("KEYLEDGER_DATA_DIR", tmp.resolve("other").toString());
        Run third = up(clash, "--infra-only");
        assertThat(third.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(third.stderr()).contains("keyledger: port " + port(env, "KEYLEDGER_KAFKA_PORT")
                + " is already in use; the kafka broker needs it (free it or set KEYLEDGER_KAFKA_PORT to another port)");
        assertThat(third.stderr().lines()).hasSize(4);
        assertThat(third.stdout()).doesNotContain("ready");

        long t0 = System.nanoTime();
        first.process().destroy();
        assertThat(first.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(first.stdout()).contains("keyledger: stopping").containsPattern("keyledger: stopped in [0-9.]+ s");
        for (String variable : List.of("KEYLEDGER_H2_PORT", "KEYLEDGER_KAFKA_PORT", "KEYLEDGER_KAFKA_CONTROLLER_PORT", "KEYLEDGER_MONGO_PORT")) {
            assertThat(PortCheck.isFree(port(env, variable))).as(variable + " released").isTrue();
        }
    }

    @Test
    void runsTheServicesWithTheContractEnvironmentAndStopsThemWithItself() throws Exception {
        Path home = FakeServiceJars.createHome(tmp.resolve("repo"));
        Path dataDir = tmp.resolve("data");
        Map<String, String> env = stackEnv(dataDir);
        env.put("KEYLEDGER_HOME", home.toString());
        env.put("KEYLEDGER_BOOTSTRAP_ADMIN_KEY", "kl_test_passedthrough");

        Run run = up(env);
        run.awaitBanner();

        String out = run.stdout();
        int command = port(env, "KEYLEDGER_COMMAND_PORT");
        // command-service first (it bootstraps the organization), the others once it is ready
        assertThat(out.indexOf("command-service ready on :" + command))
                .isPositive()
                .isLessThan(out.indexOf("starting query-service"))
                .isLessThan(out.indexOf("starting validator-service"));
        for (String service : List.of("command", "query", "validator")) {
            int port = port(env, "KEYLEDGER_" + service.toUpperCase() + "_PORT");
            int management = service.equals("validator") ? port(env, "KEYLEDGER_VALIDATOR_MANAGEMENT_PORT") : port;
            assertThat(out).contains("http://localhost:" + management + "/v3/api-docs")
                    .contains("http://localhost:" + management + "/actuator/health");
            String seen = Files.readString(dataDir.resolve("fake-" + port + ".env"));
            assertThat(seen).contains("SPRING_PROFILES_ACTIVE=local\n", "SERVER_PORT=" + port + "\n",
                    "KEYLEDGER_BOOTSTRAP_ADMIN_KEY=kl_test_passedthrough\n",
                    "MONGODB_URI=mongodb://localhost:" + port(env, "KEYLEDGER_MONGO_PORT") + "/keyledger\n");
            assertThat(dataDir.resolve("logs/" + service + "-service.log")).exists();
        }
        assertThat(out).contains("from KEYLEDGER_BOOTSTRAP_ADMIN_KEY").doesNotContain("kl_test_passedthrough");

        List<ProcessHandle> children = run.process().children().toList();
        assertThat(children).hasSize(3);
        assertThat(children).allSatisfy(child -> assertThat(child.info().commandLine().orElseThrow())
                .as("runs from its copy under the data dir").contains(dataDir.resolve("run").toString()));

        run.process().destroy();
        assertThat(run.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        for (String service : List.of("COMMAND", "QUERY", "VALIDATOR")) {
            assertThat(dataDir.resolve("fake-" + port(env, "KEYLEDGER_" + service + "_PORT") + ".stopped"))
                    .as(service + " got SIGTERM").exists();
        }
    }

    @Test
    void theServicesOfAKilledLauncherAreStoppedByTheNextUp() throws Exception {
        Path home = FakeServiceJars.createHome(tmp.resolve("repo"));
        Path dataDir = tmp.resolve("data");
        Map<String, String> env = stackEnv(dataDir);
        env.put("KEYLEDGER_HOME", home.toString());
        env.put("KEYLEDGER_SERVICES", "command,validator");
        Run first = up(env);
        first.awaitBanner();
        List<ProcessHandle> orphans = first.process().children().toList();
        assertThat(orphans).hasSize(2);
        Map<Long, String> names = new HashMap<>();
        orphans.forEach(o -> names.put(o.pid(), o.info().commandLine().orElseThrow().contains("command-service.jar")
                ? "command-service" : "validator-service"));
        assertThat(names).containsValues("command-service", "validator-service");

        first.process().destroyForcibly();  // kill -9 of the launcher alone
        first.awaitExit(Duration.ofSeconds(10));
        assertThat(orphans).allMatch(ProcessHandle::isAlive);

        Run second = up(env);
        second.awaitBanner();
        for (ProcessHandle orphan : orphans) {
            assertThat(second.stdout()).contains("keyledger: stopped " + names.get(orphan.pid()) + " (pid "
                    + orphan.pid() + ") left running by a launcher that was killed");
        }
        assertThat(orphans).noneMatch(ProcessHandle::isAlive);

        second.process().destroy();
        assertThat(second.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
        assertThat(dataDir.resolve("run/services.pid")).doesNotExist();
    }

    @Test
    void aServiceThatDiesDuringStartupStopsEverythingAndShowsItsLog() throws Exception {
        Path home = FakeServiceJars.createHome(tmp.resolve("repo"));
        Path dataDir = tmp.resolve("data");
        Map<String, String> env = stackEnv(dataDir);
        env.put("KEYLEDGER_HOME", home.toString());
        env.put("KEYLEDGER_VALIDATOR_JAVA_OPTS", "-Xmx64m -Dfake.mode=crash");

        Run run = up(env);

        assertThat(run.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
        String err = run.stderr();
        assertThat(err).contains("keyledger: validator-service exited with code 3 before it was ready; last 30 lines of "
                + dataDir.resolve("logs/validator-service.log"));
        assertThat(err).contains("    line 39").contains("    line 10").doesNotContain("    line 9\n");
        assertThat(run.stdout()).doesNotContain("keyledger is up");
        assertThat(run.process().descendants()).noneMatch(ProcessHandle::isAlive);
        assertThat(PortCheck.isFree(port(env, "KEYLEDGER_KAFKA_PORT"))).isTrue();
        assertThat(PortCheck.isFree(port(env, "KEYLEDGER_COMMAND_PORT"))).isTrue();
    }

    @Test
    void aMissingServiceJarIsNamedBeforeAnythingStarts() throws Exception {
        Path emptyHome = Files.createDirectories(tmp.resolve("empty"));
        Map<String, String> env = stackEnv(tmp.resolve("data"));
        env.put("KEYLEDGER_HOME", emptyHome.toString());

        Run run = up(env, "--services=query");

        assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(run.stderr()).contains("query-service is not built (missing "
                + emptyHome.resolve("query-service/target/query-service.jar") + ")")
                .contains("build first: ./mvnw -DskipTests package");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aBadSettingIsAConfigurationError() throws Exception {
        Map<String, String> env = stackEnv(tmp.resolve("data"));
        env.put("KEYLEDGER_MONGO_PORT", "mongo");

        Run run = up(env, "--infra-only");

        assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(run.stderr().trim()).isEqualTo("keyledger: KEYLEDGER_MONGO_PORT must be a number, was 'mongo'");
    }
}
