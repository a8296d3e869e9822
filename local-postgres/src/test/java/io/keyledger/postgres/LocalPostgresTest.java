package io.keyledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    private static final Path ROOT = Path.of("target", "local-postgres-test").toAbsolutePath();

    @Test
    void aThrowawayServerTakesConnectionsWithItsPasswordOnlyAndStops() throws Exception {
        ProcessHandle process;
        try (LocalPostgres postgres = LocalPostgres.startThrowaway(ROOT.resolve("throwaway"))) {
            process = postgres.process();
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "keyledger", "keyledger");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), current_setting('listen_addresses')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(LocalPostgres.DATABASE);
                assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
            }
            assertThat(canConnect(postgres.jdbcUrl(), "wrong")).isFalse();
        }
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void dataSurvivesAKillOfTheServer() throws Exception {
        Path dir = ROOT.resolve("durable");
        java.nio.file.Files.createDirectories(dir);
        new LocalPostgresTest().deleteQuietly(dir);
        int port = LocalPostgres.freePort();
        LocalPostgres first = LocalPostgres.start(dir.resolve("data"), port, "kl", "pw", dir.resolve("log"), Map.of());
        try (Connection c = DriverManager.getConnection(first.jdbcUrl(), "kl", "pw"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v int)");
            s.execute("INSERT INTO t VALUES (42)");
        }
        first.process().destroyForcibly();
        first.process().onExit().get(10, TimeUnit.SECONDS);
        try (LocalPostgres second = LocalPostgres.start(dir.resolve("data"), port, "kl", "pw", dir.resolve("log"), Map.of());
             Connection c = DriverManager.getConnection(second.jdbcUrl(), "kl", "pw");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    private void deleteQuietly(Path dir) throws Exception {
        try (var tree = java.nio.file.Files.walk(dir)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean canConnect(String url, String password) {
        try (Connection c = DriverManager.getConnection(url, "keyledger", password)) {
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
