package io.keyledger.local.infra;

import io.keyledger.postgres.LocalPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The event store on PostgreSQL ({@code KEYLEDGER_EVENT_STORE=postgres}): a server from the
 * machine's own binaries ({@link LocalPostgres}), a child of the launcher, its cluster in
 * {@code <data dir>/postgres}, listening on the event store port on 127.0.0.1, role
 * {@code keyledger} with the generated event store password, database {@code keyledger}.
 * Ready when a client gets a session with that password.
 */
final class PostgresEventStore implements InfraComponent {

    private final InfraSettings settings;
    private LocalPostgres server;

    PostgresEventStore(InfraSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "event store";
    }

    @Override
    public int port() {
        return settings.eventStorePort();
    }

    @Override
    public void start() throws IOException, SQLException {
        String password = settings.eventStorePassword();
        server = LocalPostgres.start(settings.postgresDir(), settings.eventStorePort(), settings.eventStoreUser(), password,
                settings.logDir().resolve("postgres.log"), Map.of());
        try (Connection c = DriverManager.getConnection(settings.eventStoreUrl(), settings.eventStoreUser(), password);
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
