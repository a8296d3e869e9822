package io.keyledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {

    @Test
    void defaultsAreThePortsOfKeyledgerUp() {
        var bases = Connection.bases(null, null, null, null, Map.of());
        assertThat(bases.get(Api.Service.COMMAND)).isEqualTo(URI.create("http://localhost:8081/"));
        assertThat(bases.get(Api.Service.QUERY)).isEqualTo(URI.create("http://localhost:8082/"));
        assertThat(bases.get(Api.Service.VALIDATOR)).isEqualTo(URI.create("http://localhost:8083/"));
    }

    @Test
    void portVariablesOfTheStackMoveTheDefaults() {
        var bases = Connection.bases(null, null, null, null, Map.of("KEYLEDGER_COMMAND_PORT", "18081"));
        assertThat(bases.get(Api.Service.COMMAND)).isEqualTo(URI.create("http://localhost:18081/"));
    }

    @Test
    void flagsBeatServiceVariablesWhichBeatTheCommonUrl() {
        Map<String, String> env = Map.of("KEYLEDGER_URL", "https://gw.example/kl", "KEYLEDGER_QUERY_URL", "http://q:1");
        var bases = Connection.bases(null, "http://c:2", null, null, env);
        assertThat(bases.get(Api.Service.COMMAND)).isEqualTo(URI.create("http://c:2/"));
        assertThat(bases.get(Api.Service.QUERY)).isEqualTo(URI.create("http://q:1/"));
        assertThat(bases.get(Api.Service.VALIDATOR)).isEqualTo(URI.create("https://gw.example/kl/"));
        // a base path is kept: calls resolve relative to it
        assertThat(bases.get(Api.Service.VALIDATOR).resolve("v1/verify")).isEqualTo(URI.create("https://gw.example/kl/v1/verify"));
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThatThrownBy(() -> Connection.bases("ftp://x", null, null, null, Map.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void theKeyComesFromTheFlagTheFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("k"), "kl_file\n");
        assertThat(Connection.apiKey("kl_flag", file, Map.of("KEYLEDGER_API_KEY", "kl_env"))).isEqualTo("kl_flag");
        assertThat(Connection.apiKey(null, file, Map.of("KEYLEDGER_API_KEY", "kl_env"))).isEqualTo("kl_file");
        assertThat(Connection.apiKey(null, null, Map.of("KEYLEDGER_API_KEY", "kl_env"))).isEqualTo("kl_env");
        assertThat(Connection.apiKey(null, null, Map.of("KEYLEDGER_API_KEY_FILE", file.toString()))).isEqualTo("kl_file");
        assertThat(Connection.apiKey(null, null, Map.of())).isNull();
        assertThatThrownBy(() -> Connection.apiKey(null, dir.resolve("missing"), Map.of()))
                .isInstanceOf(CliException.class).hasMessageContaining("cannot read the key file");
    }
}
