package io.keyledger.local.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    @TempDir
    Path cwd;

    private StackConfig resolve(Map<String, String> env) {
        return StackConfig.resolve(env, cwd, Optional.empty(), Optional.empty(), false);
    }

    @Test
    void defaultsAreTheDocumentedPortsAndDataUnderTheWorkingDirectory() {
        StackConfig config = resolve(Map.of());

        assertThat(config.infra().dataDir()).isEqualTo(cwd.resolve("data"));
        assertThat(config.infra().eventStoreUrl()).isEqualTo("jdbc:h2:tcp://localhost:9095/keyledger;WRITE_DELAY=0");
        assertThat(config.infra().kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.infra().kafkaControllerPort()).isEqualTo(9094);
        assertThat(config.infra().mongoUri()).isEqualTo("mongodb://localhost:27017/keyledger");
        assertThat(config.services()).containsExactly(Service.COMMAND, Service.QUERY, Service.VALIDATOR);
        assertThat(config.portOf(Service.COMMAND)).isEqualTo(8081);
        assertThat(config.portOf(Service.QUERY)).isEqualTo(8082);
        assertThat(config.portOf(Service.VALIDATOR)).isEqualTo(8083);
        assertThat(config.readyTimeout()).hasSeconds(180);
        assertThat(config.bootstrapAdminKeyFile()).isEqualTo(cwd.resolve("data/bootstrap-admin.key"));
    }

    @Test
    void everySettingComesFromTheEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_DATA_DIR", "/srv/kl");
        env.put("KEYLEDGER_H2_PORT", "19095");
        env.put("KEYLEDGER_KAFKA_PORT", "19092");
        env.put("KEYLEDGER_KAFKA_CONTROLLER_PORT", "19094");
        env.put("KEYLEDGER_MONGO_PORT", "37017");
        env.put("KEYLEDGER_COMMAND_PORT", "18081");
        env.put("KEYLEDGER_QUERY_PORT", "18082");
        env.put("KEYLEDGER_VALIDATOR_PORT", "18083");
        env.put("KEYLEDGER_READY_TIMEOUT_SECONDS", "30");
        env.put("KEYLEDGER_BOOTSTRAP_ADMIN_KEY", "kl_test_x");

        StackConfig config = resolve(env);

        assertThat(config.infra().dataDir()).isEqualTo(Path.of("/srv/kl"));
        assertThat(config.infra().eventStoreUrl()).isEqualTo("jdbc:h2:tcp://localhost:19095/keyledger;WRITE_DELAY=0");
        assertThat(config.infra().kafkaBootstrapServers()).isEqualTo("localhost:19092");
        assertThat(config.infra().kafkaControllerPort()).isEqualTo(19094);
        assertThat(config.infra().mongoUri()).isEqualTo("mongodb://localhost:37017/keyledger");
        assertThat(config.servicePorts()).containsEntry(Service.COMMAND, 18081)
                .containsEntry(Service.QUERY, 18082).containsEntry(Service.VALIDATOR, 18083);
        assertThat(config.readyTimeout()).hasSeconds(30);
        assertThat(config.bootstrapAdminKey()).contains("kl_test_x");
    }

    @Test
    void relativeDataDirIsResolvedAgainstTheWorkingDirectoryAndNormalised() {
        StackConfig config = resolve(Map.of("KEYLEDGER_DATA_DIR", "./a/../stack-data"));

        assertThat(config.infra().dataDir()).isAbsolute().isEqualTo(cwd.resolve("stack-data"));
    }

    @Test
    void blankVariablesCountAsUnset() {
        StackConfig config = resolve(Map.of("KEYLEDGER_KAFKA_PORT", "  ", "KEYLEDGER_SERVICES", ""));

        assertThat(config.infra().kafkaPort()).isEqualTo(9092);
        assertThat(config.services()).hasSize(3);
    }

    @Test
    void kEYLEDGER_EVENT_STORE_postgresPutsTheEventStoreOnPostgreSqlOnTheSamePort() {
        StackConfig config = resolve(Map.of("KEYLEDGER_EVENT_STORE", "postgres", "KEYLEDGER_H2_PORT", "19095"));

        assertThat(config.infra().postgres()).isTrue();
        assertThat(config.infra().eventStoreUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:19095/keyledger");
        assertThat(config.infra().eventStoreUser()).isEqualTo("keyledger");
        assertThat(config.infra().postgresDir()).isEqualTo(cwd.resolve("data/postgres"));
        assertThat(config.ports().get(0).owner()).isEqualTo("event store (PostgreSQL)");
        assertThat(resolve(Map.of("KEYLEDGER_EVENT_STORE", "H2")).infra().postgres()).isFalse();
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_EVENT_STORE", "mysql")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KEYLEDGER_EVENT_STORE must be h2 or postgres, was mysql");
    }

    @Test
    void portsMustBeTcpPortNumbers() {
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_KAFKA_PORT", "kafka")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KEYLEDGER_KAFKA_PORT must be a number, was 'kafka'");
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_MONGO_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KEYLEDGER_MONGO_PORT must be a TCP port");
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_H2_PORT", "0")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void twoThingsOnOnePortIsRefusedNamingBoth() {
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_QUERY_PORT", "9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port 9092 is configured twice")
                .hasMessageContaining("KEYLEDGER_KAFKA_PORT")
                .hasMessageContaining("KEYLEDGER_QUERY_PORT");
    }

    @Test
    void aServiceThatIsNotStartedMayShareAPort() {
        StackConfig config = StackConfig.resolve(Map.of("KEYLEDGER_VALIDATOR_PORT", "9092"), cwd,
                Optional.empty(), Optional.of("command"), false);

        assertThat(config.services()).containsExactly(Service.COMMAND);
    }

    @Test
    void servicesFromEnvironmentFlagOrInfraOnly() {
        assertThat(resolve(Map.of("KEYLEDGER_SERVICES", "none")).infraOnly()).isTrue();
        assertThat(resolve(Map.of("KEYLEDGER_SERVICES", "validator, command")).services())
                .containsExactly(Service.COMMAND, Service.VALIDATOR);
        assertThat(resolve(Map.of("KEYLEDGER_SERVICES", "query-service")).services())
                .containsExactly(Service.QUERY);

        StackConfig flagWins = StackConfig.resolve(Map.of("KEYLEDGER_SERVICES", "none"), cwd,
                Optional.empty(), Optional.of("command,query"), false);
        assertThat(flagWins.services()).containsExactly(Service.COMMAND, Service.QUERY);

        StackConfig infraOnly = StackConfig.resolve(Map.of("KEYLEDGER_SERVICES", "all"), cwd,
                Optional.empty(), Optional.of("all"), true);
        assertThat(infraOnly.services()).isEmpty();
        assertThat(infraOnly.ports()).extracting(PortUse::port).containsExactly(9095, 9092, 9094, 27017);
    }

    @Test
    void unknownServiceIsRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_SERVICES", "command,billing")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown service 'billing' (known: command, query, validator, or none)");
    }

    @Test
    void portsListNamesWhatNeedsEachPortAndItsVariable() {
        List<PortUse> ports = resolve(Map.of()).ports();

        assertThat(ports).contains(
                new PortUse(9092, "kafka broker", "KEYLEDGER_KAFKA_PORT"),
                new PortUse(8083, "validator-service", "KEYLEDGER_VALIDATOR_PORT"),
                new PortUse(9083, "validator-service (actuator, OpenAPI)", "KEYLEDGER_VALIDATOR_MANAGEMENT_PORT"));
        assertThat(ports).hasSize(8);
    }

    @Test
    void javaOptionsPerServiceThenForAllThenDefaults() {
        StackConfig defaults = resolve(Map.of());
        assertThat(defaults.javaOpts().get(Service.COMMAND)).contains("-XX:TieredStopAtLevel=1", "-Xmx512m");
        assertThat(defaults.javaOpts().get(Service.VALIDATOR)).contains("-Xmx2g").doesNotContain("TieredStopAtLevel");

        StackConfig overridden = resolve(Map.of("KEYLEDGER_JAVA_OPTS", "-Xmx256m",
                "KEYLEDGER_VALIDATOR_JAVA_OPTS", "-Xmx1g"));
        assertThat(overridden.javaOpts())
                .containsEntry(Service.COMMAND, "-Xmx256m")
                .containsEntry(Service.QUERY, "-Xmx256m")
                .containsEntry(Service.VALIDATOR, "-Xmx1g");
    }

    @Test
    void homeIsTheRepositoryHoldingTheLauncherJar() throws IOException {
        Path repo = Files.createDirectories(cwd.resolve("repo"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path jar = Files.createDirectories(repo.resolve("local-stack/target")).resolve("keyledger-local.jar");
        Path elsewhere = Files.createDirectories(cwd.resolve("elsewhere"));

        StackConfig config = StackConfig.resolve(Map.of(), elsewhere, Optional.of(jar), Optional.empty(), false);

        assertThat(config.home()).isEqualTo(repo);
        assertThat(config.jarOf(Service.QUERY)).isEqualTo(repo.resolve("query-service/target/query-service.jar"));
    }

    @Test
    void keyledgerHomeWinsAndWithoutAnyHintTheWorkingDirectoryIsHome() {
        StackConfig explicit = StackConfig.resolve(Map.of("KEYLEDGER_HOME", "/opt/keyledger"), cwd,
                Optional.of(Path.of("/somewhere/else/target/keyledger-local.jar")), Optional.empty(), false);
        assertThat(explicit.home()).isEqualTo(Path.of("/opt/keyledger"));

        StackConfig fromClasses = StackConfig.resolve(Map.of(), cwd,
                Optional.of(Path.of("/not/a/repo/target/keyledger-local.jar")), Optional.empty(), false);
        assertThat(fromClasses.home()).isEqualTo(cwd);
    }

    @Test
    void readyTimeoutMustBePositive() {
        assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_READY_TIMEOUT_SECONDS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KEYLEDGER_READY_TIMEOUT_SECONDS");
    }

    @Test
    void kEYLEDGER_VALIDATORSRunsThatManyValidatorsOnConsecutivePorts() {
        StackConfig config = resolve(Map.of("KEYLEDGER_VALIDATORS", "3"));

        assertThat(config.instancesOf(io.keyledger.local.config.Service.VALIDATOR)).isEqualTo(3);
        assertThat(config.instancesOf(io.keyledger.local.config.Service.COMMAND)).isEqualTo(1);
        assertThat(config.portOf(io.keyledger.local.config.Service.VALIDATOR, 3)).isEqualTo(8085);
        assertThat(config.managementPortOf(io.keyledger.local.config.Service.VALIDATOR, 2)).isEqualTo(9084);
        assertThat(config.ports()).extracting(PortUse::port).contains(8083, 8084, 8085, 9083, 9084, 9085);
        assertThat(resolve(Map.of()).instancesOf(io.keyledger.local.config.Service.VALIDATOR)).isEqualTo(1);
    }

    @Test
    void validatorsOutOfRangeOrCollidingWithAnotherPortAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_VALIDATORS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KEYLEDGER_VALIDATORS");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_VALIDATORS", "17")))
                .isInstanceOf(ConfigException.class);
        // validator #3 listens on 8085: a port given to something else is refused before anything starts
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolve(Map.of("KEYLEDGER_VALIDATORS", "3",
                        "KEYLEDGER_KAFKA_PORT", "8085")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("8085");
    }
}
