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

    static {
        // H2 binds its server sockets to h2.bindAddress (read once, when H2 first loads); without
        // it the TCP server listens on every interface. -tcpAllowOthers stays off as a second
        // line: H2 then also refuses any connection that is not from this machine.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** The event store's user; its password is generated into the data dir. */
    static final String USER = "sa";

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
        LocalSecrets.ownerOnlyDirectory(settings.eventStoreDir());
        String password = settings.eventStorePassword();
        server = Server.createTcpServer(
                "-tcpPort", String.valueOf(settings.eventStorePort()),
                "-baseDir", settings.eventStoreDir().toString(),
                "-ifNotExists").start();
        // ready means a client gets a session on the database the services use; a new
        // database is created with the generated password
        try (Connection c = connectOrUpgrade(password);
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    /**
     * A data dir from before generated passwords has user sa with an empty password: it is
     * upgraded once, in place, to the generated password.
     */
    private Connection connectOrUpgrade(String password) throws SQLException {
        try {
            return DriverManager.getConnection(settings.eventStoreUrl(), USER, password);
        } catch (SQLException wrongPassword) {
            try (Connection old = DriverManager.getConnection(settings.eventStoreUrl(), USER, "");
                 Statement alter = old.createStatement()) {
                // base64url: no quote can occur in the literal
                alter.execute("ALTER USER " + USER + " SET PASSWORD '" + password + "'");
            } catch (SQLException notOld) {
                wrongPassword.addSuppressed(notOld);
                throw wrongPassword;
            }
            return DriverManager.getConnection(settings.eventStoreUrl(), USER, password);
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
