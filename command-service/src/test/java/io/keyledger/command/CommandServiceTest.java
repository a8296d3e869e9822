package io.keyledger.command;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the web tests: the whole service on a random port, with an in-memory H2 event store
 * and a temporary data directory, bootstrapped like a first start. All subclasses share one
 * Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class CommandServiceTest {

    protected static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("command-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("keyledger.data-dir", DATA_DIR::toString);
    }

    protected String adminKey() {
        try {
            return Files.readString(DATA_DIR.resolve("bootstrap-admin.key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Http admin() {
        return new Http(port, adminKey());
    }

    protected Http anonymous() {
        return new Http(port, null);
    }

    /** A key created a moment ago authenticates once the caller directory has seen its event. */
    protected static void awaitAuthenticates(Http http) {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.post("/v1/api-keys/key_none/disable", null).status() != 401);
    }
}
