package io.keyledger.local.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The read model's database: a MongoDB wire-protocol server (mongo-java-server) that keeps
 * its data in one H2 MVStore file. No transactions and no {@code $text}: see INFRA-NOTES.
 */
final class MongoWireServer implements InfraComponent {

    private final InfraSettings settings;
    private MongoServer server;

    MongoWireServer(InfraSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "mongo";
    }

    @Override
    public int port() {
        return settings.mongoPort();
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(settings.mongoFile().getParent());
        H2Backend backend = new H2Backend(settings.mongoFile().toString());
        MongoServer mongo = new MongoServer(backend);
        try {
            mongo.bind("127.0.0.1", settings.mongoPort());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        server = mongo;
    }

    @Override
    public void stop() {
        if (server != null) {
            // shutdown() closes the client connections and then the backend, which commits
            // and closes the MVStore file
            server.shutdown();
            server = null;
        }
    }
}
