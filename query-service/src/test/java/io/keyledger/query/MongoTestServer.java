package io.keyledger.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/** A MongoDB wire server in memory and a client on it, for projection tests without Spring. */
public final class MongoTestServer implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    public final MongoDatabase database;

    public MongoTestServer() {
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://localhost:" + address.getPort());
        database = client.getDatabase("keyledger");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
