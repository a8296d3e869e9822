package io.keyledger.validator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.api.organizations.OrganizationRegisteredEvent;
import io.keyledger.api.organizations.Plan;
import io.keyledger.validator.TestKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Real Caddy ({@code caddy/Caddyfile} of this module) in front of a tiny upstream, asking the
 * validator over {@code forward_auth}: 200 reaches the upstream with the key's id and without the
 * key; 401 / 403 / 429 are the validator's own answers passed through by Caddy (status, problem
 * body, Retry-After, X-RateLimit-*); a key of another organization than the file's
 * {@code X-Required-Organization} is refused; a client-sent {@code X-Forwarded-For} / {@code X-Real-IP}
 * does not choose the address an allow-list is checked against, and a client-sent
 * {@code X-Keyledger-Key-Id} does not reach the upstream. Skips — saying so — only when no caddy
 * binary is installed ({@code apt-get install -y caddy}; .ci/run does).
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:validator-caddy;DB_CLOSE_DELAY=-1",
        // the attempt journal of this test alone
        "keyledger.data-dir=target/test-data/validator-caddy-${random.uuid}",
        // no broker here: attempts stay buffered, which must not disturb a single verification
        "spring.kafka.bootstrap-servers=localhost:9",
        "keyledger.validator.http.port=0"})
class CaddyForwardAuthTest {

    private static final List<String> CADDY = List.of("/usr/bin/caddy", "/usr/local/bin/caddy");

    @Autowired
    EventStore eventStore;
    @Autowired
    NettyHotPathServer validator;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestKeys keys = new TestKeys(12);
    private HttpServer upstream;
    private Process caddy;
    private int caddyPort;

    @BeforeEach
    void start() throws Exception {
        String binary = CADDY.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        if (binary == null) {
            throw new AssertionError("caddy is not installed (apt-get install -y caddy; .ci/run installs it)");
        }

        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String who = exchange.getRequestHeaders().getFirst("X-Keyledger-Key-Id");
            boolean leaked = exchange.getRequestHeaders().getFirst("X-API-Key") != null
                    || exchange.getRequestHeaders().getFirst("Authorization") != null;
            byte[] body = ("upstream saw key " + who + (leaked ? " and its value" : "")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();

        caddyPort = freePort();
        String config = Files.readString(Path.of("caddy/Caddyfile"))
                .replace("@VALIDATOR_PORT@", Integer.toString(validator.port()))
                .replace("@UPSTREAM_PORT@", Integer.toString(upstream.getAddress().getPort()))
                .replace("@CADDY_PORT@", Integer.toString(caddyPort))
                .replace("@ORGANIZATION_ID@", "org");
        Path conf = dir.resolve("Caddyfile");
        Files.writeString(conf, config);
        ProcessBuilder builder = new ProcessBuilder(binary, "run", "--config", conf.toString(), "--adapter", "caddyfile")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("caddy.out").toFile());
        // Caddy keeps state under $HOME / XDG dirs: this test's own
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        caddy = builder.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(caddy.isAlive()).as("caddy: " + Files.readString(dir.resolve("caddy.out"))).isTrue();
            return listening(caddyPort);
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (caddy != null) {
            caddy.destroy();
            caddy.waitFor();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void caddyLetsThroughOnlyWhatTheValidatorAllows() throws Exception {
        String reader = keys.newKey();
        String limited = keys.newKey();
        String otherOrganization = keys.newKey();
        String pinned = keys.newKey();
        append("org", new OrganizationRegisteredEvent("org", "Org", Plan.PROFESSIONAL));
        append("k-other", TestKeys.created("k-other", "other-org", otherOrganization, List.of("tasks:read")));
        append("k-pinned", TestKeys.created("k-pinned", "org", pinned, List.of("tasks:read"), null,
                new Restrictions(List.of("203.0.113.0/24"), List.of()), null));
        append("k-reader", TestKeys.created("k-reader", "org", reader, List.of("tasks:read")));
        append("k-limited", TestKeys.created("k-limited", "org", limited, List.of("tasks:read"),
                new RateLimit(null, null, 2, null, null), Restrictions.NONE, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/tasks/1", Map.of("X-API-Key", limited)).statusCode() == 200);

        HttpResponse<String> allowed = get("/tasks/1", Map.of("X-API-Key", reader));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("upstream saw key k-reader");

        HttpResponse<String> bearer = get("/tasks/1", Map.of("Authorization", "Bearer " + reader));
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).isEqualTo("upstream saw key k-reader");

        // copy_headers: the upstream's X-Keyledger-Key-Id is the validator's, never the client's
        HttpResponse<String> spoofed = get("/tasks/1", Map.of("X-API-Key", reader, "X-Keyledger-Key-Id", "k-admin"));
        assertThat(spoofed.body()).isEqualTo("upstream saw key k-reader");

        HttpResponse<String> anonymous = get("/tasks/1", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.body()).doesNotContain("upstream");
        assertThat(get("/tasks/1", Map.of("X-API-Key", keys.newKey())).statusCode()).isEqualTo(401);
        assertThat(get("/tasks/1", Map.of("X-API-Key", "kl_live_not-even-well-formed")).statusCode()).isEqualTo(401);

        // X-Required-Organization: a valid key of another organization does not open this application
        assertThat(get("/tasks/1", Map.of("X-API-Key", otherOrganization)).statusCode()).isEqualTo(401);
        // the client cannot choose the address its allow-list is checked against: Caddy ignores a client-sent
        // X-Forwarded-For (no trusted_proxies) and the Caddyfile overwrites X-Real-IP
        assertThat(get("/tasks/1", Map.of("X-API-Key", pinned, "X-Forwarded-For", "203.0.113.9",
                "X-Real-IP", "203.0.113.9")).statusCode()).isEqualTo(403);

        HttpResponse<String> forbidden = get("/admin/users", Map.of("X-API-Key", reader));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("X-RateLimit-Remaining")).isPresent();

        // two per minute; the first was spent while waiting for the hot set
        assertThat(get("/tasks/2", Map.of("X-API-Key", limited)).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get("/tasks/3", Map.of("X-API-Key", limited));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).contains("2");
    }

    private void append(String aggregateId, Object payload) {
        eventStore.publish(new GenericDomainEventMessage<>("Test", aggregateId, 0, payload));
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + caddyPort + path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
