package io.keyledger.validator.hotset;

import io.keyledger.postgres.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link HotSetInitialLoadTest} on PostgreSQL (keyledger.event-store=postgres): the event table
 * with {@code bytea} payloads, as service-support's dialect makes it, in a schema of each test's
 * own on one throwaway server.
 */
class HotSetInitialLoadPostgresTest extends HotSetInitialLoadTest {

    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.startThrowaway(Path.of("target", "hot-set-initial-load-postgres").toAbsolutePath());
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    DataSource newEventStore() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(postgres.jdbcUrl());
        pg.setUser(postgres.user());
        pg.setPassword(postgres.password());
        pg.setCurrentSchema(schema);
        return pg;
    }
}
