package io.keyledger.local.infra;

import org.h2.tools.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2 in TCP server mode: the shared JDBC event store every service appends to and reads
 * from. {@code -ifNotExists} lets the first client create the database; without it H2
 * refuses remote creation.
 */
final class EventStoreServer implements InfraComponent {

    private final InfraSettings settings;
    private Server server;

    EventStoreServer(InfraSettings settings) {
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
        Files.createDirectories(settings.eventStoreDir());
        server = Server.createTcpServer(
                "-tcpPort", String.valueOf(settings.eventStorePort()),
                "-baseDir", settings.eventStoreDir().toString(),
                "-ifNotExists").start();
        // ready means a client gets a session on the database the services use
        try (Connection c = DriverManager.getConnection(settings.eventStoreUrl(), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
