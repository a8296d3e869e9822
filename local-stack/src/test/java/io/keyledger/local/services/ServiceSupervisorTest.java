package io.keyledger.local.services;

import io.keyledger.local.TestPorts;
import io.keyledger.local.config.Service;
import io.keyledger.local.config.StackConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Child processes for real, with {@link FakeService} in place of the service jars. */
class ServiceSupervisorTest {

    @TempDir
    Path tmp;

    private Path home;
    private Path dataDir;
    private ServiceSupervisor supervisor;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fakeRepository() throws Exception {
        home = FakeServiceJars.createHome(tmp.resolve("repo"));
        dataDir = Files.createDirectories(tmp.resolve("data"));
    }

    @AfterEach
    void noOrphans() {
        if (supervisor != null) {
            supervisor.stop(Duration.ofSeconds(1));
        }
    }

    private StackConfig config(Map<String, String> extra) {
        int[] ports = TestPorts.free(8);
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_HOME", home.toString());
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
        env.putAll(extra);
        StackConfig config = StackConfig.resolve(env, tmp, Optional.empty(), Optional.empty(), false);
        supervisor = new ServiceSupervisor(config, progress::add);
        return config;
    }

    private static long inSeconds(int seconds) {
        return System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }

    private Map<String, String> envSeenBy(int port) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("fake-" + port + ".env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void aServiceGetsTheContractEnvironmentAndIsReadyWhenItsReadinessSays200() throws Exception {
        StackConfig config = config(Map.of());

        supervisor.startAndAwait(List.of(Service.COMMAND), inSeconds(60));

        int port = config.portOf(Service.COMMAND);
        assertThat(progress).hasSize(2);
        assertThat(progress.get(0)).startsWith("starting command-service on :" + port);
        assertThat(progress.get(1)).startsWith("command-service ready on :" + port + " (");
        Map<String, String> env = envSeenBy(port);
        assertThat(env)
                .containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("SERVER_PORT", String.valueOf(port))
                .containsEntry("KEYLEDGER_DATA_DIR", dataDir.toString())
                .containsEntry("KEYLEDGER_EVENTSTORE_URL",
                        "jdbc:h2:tcp://localhost:" + config.infra().eventStorePort() + "/keyledger;WRITE_DELAY=0")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + config.infra().kafkaPort())
                .containsEntry("MONGODB_URI", "mongodb://localhost:" + config.infra().mongoPort() + "/keyledger")
                .containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        assertThat(Files.readString(dataDir.resolve("logs/command-service.log"))).contains("fake service up on " + port);

        assertThat(supervisor.stop(Duration.ofSeconds(10))).isEmpty();
        assertThat(dataDir.resolve("fake-" + port + ".stopped")).as("stopped by SIGTERM, not killed").exists();
        assertThat(supervisor.processes()).noneMatch(ServiceProcess::isAlive);
    }

    @Test
    void servicesOfAGroupStartSideBySide() throws Exception {
        StackConfig config = config(Map.of());

        supervisor.startAndAwait(List.of(Service.QUERY, Service.VALIDATOR), inSeconds(60));

        assertThat(progress.subList(0, 2)).allMatch(line -> line.startsWith("starting "));
        assertThat(progress.subList(2, 4)).allMatch(line -> line.contains(" ready on :"));
        assertThat(supervisor.processes()).hasSize(2).allMatch(ServiceProcess::isAlive);
        assertThat(envSeenBy(config.portOf(Service.VALIDATOR))).containsEntry("SERVER_PORT",
                String.valueOf(config.portOf(Service.VALIDATOR)));
    }

    @Test
    void aServiceThatExitsBeforeItIsReadyIsReportedWithTheLast30LinesOfItsLog() {
        config(Map.of("KEYLEDGER_QUERY_JAVA_OPTS", "-Xmx64m -Dfake.mode=crash"));

        assertThatThrownBy(() -> supervisor.startAndAwait(List.of(Service.QUERY), inSeconds(60)))
                .isInstanceOfSatisfying(ServiceSupervisor.ServiceFailedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("query-service exited with code 3 before it was ready");
                    List<String> tail = e.logTail();
                    assertThat(tail).hasSize(30);
                    assertThat(tail.get(0)).isEqualTo("line 10");
                    assertThat(tail.get(29)).isEqualTo("line 39");
                });
    }

    @Test
    void aServiceThatIsNotReadyByTheDeadlineIsAFailureNamingTheTimeout() {
        config(Map.of("KEYLEDGER_COMMAND_JAVA_OPTS", "-Xmx64m -Dfake.delay=600000"));

        assertThatThrownBy(() -> supervisor.startAndAwait(List.of(Service.COMMAND), inSeconds(3)))
                .isInstanceOf(ServiceSupervisor.ServiceFailedException.class)
                .hasMessageStartingWith("command-service is not ready after 180 s");
    }

    @Test
    void aServiceThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        config(Map.of("KEYLEDGER_VALIDATOR_JAVA_OPTS", "-Xmx64m -Dfake.mode=stubborn"));
        supervisor.startAndAwait(List.of(Service.VALIDATOR), inSeconds(60));
        ServiceProcess validator = supervisor.processes().get(0);

        long t0 = System.nanoTime();
        List<String> killed = supervisor.stop(Duration.ofSeconds(1));

        assertThat(killed).containsExactly("validator-service");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(validator.process().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void nothingStartsOnceStopped() throws Exception {
        config(Map.of());
        supervisor.stop(Duration.ofSeconds(1));

        assertThatThrownBy(() -> supervisor.startAndAwait(List.of(Service.COMMAND), inSeconds(60)))
                .isInstanceOf(ServiceSupervisor.StoppedException.class);
        assertThat(supervisor.processes()).isEmpty();
    }

    @Test
    void thePreviousRunsLogIsKeptOnce() throws Exception {
        Files.createDirectories(dataDir.resolve("logs"));
        Files.writeString(dataDir.resolve("logs/command-service.log"), "previous run\n");
        config(Map.of());

        supervisor.startAndAwait(List.of(Service.COMMAND), inSeconds(60));

        assertThat(dataDir.resolve("logs/command-service.log.1")).hasContent("previous run");
    }
}
