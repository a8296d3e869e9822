package io.keyledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
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
// keeps the Prometheus endpoint, which Spring Boot tests switch off by default
@AutoConfigureObservability
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

    /** Creates a key through the API (as admin) and answers the 201 body. */
    protected JsonNode createKey(String json) {
        Http.Answer created = admin().post("/v1/api-keys", json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** A client acting with a new key of the given organization and permissions, ready to use. */
    protected Http clientWith(String organizationId, String... permissions) {
        StringBuilder json = new StringBuilder("{\"name\":\"client\",\"organization_id\":\"")
                .append(organizationId).append("\",\"permissions\":[");
        for (int i = 0; i < permissions.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(permissions[i]).append('"');
        }
        Http client = new Http(port, createKey(json.append("]}").toString()).get("key").asText());
        awaitAuthenticates(client);
        return client;
    }

    protected String registerOrganization(String name, String plan) {
        Http.Answer registered = admin().post("/v1/organizations", "{\"name\":\"" + name + "\",\"plan\":\"" + plan + "\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().get("id").asText();
    }

    protected static void assertProblem(Http.Answer answer, int status, String mentions) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.text()).contains(mentions).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
