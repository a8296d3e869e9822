package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.client.AuthResult;
import io.keyledger.client.CreatedKey;
import io.keyledger.client.KeyRecord;
import io.keyledger.client.KeyledgerClient;
import io.keyledger.client.NewKey;
import io.keyledger.client.RotatedKey;
import io.keyledger.client.VerifyRequest;
import io.keyledger.client.VerifyResult;
import io.keyledger.e2e.sample.StarterSampleApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 15 item 2 on the real stack: keyledger-client runs a key's life (create, verify, read,
 * list, disable, enable, rotate, revoke, forward-auth), and a sample app protected by
 * keyledger-spring-boot-starter admits and refuses by the real validator's verdicts.
 */
@ExtendWith(SharedStack.class)
@Order(95)
class StarterSampleIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theClientAndTheStarterAgainstTheRealValidator(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("starter sample", "professional");
        KeyledgerClient client = KeyledgerClient.builder().validatorUrl(base(stack.validator("/")))
                .commandUrl(base(stack.command("/"))).queryUrl(base(stack.query("/"))).apiKey(api.admin).build();

        CreatedKey created = client.createKey(new NewKey("sdk key", null, org, null, List.of("tasks:read"), null, null));
        SharedStack.remember(created.key());
        String id = created.record().id();
        assertThat(created.record().organizationId()).isEqualTo(org);
        assertThat(created.record().status()).isEqualTo("active");
        VerifyResult valid = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(100))
                .until(() -> client.verify(VerifyRequest.of(created.key(), "tasks:read")), VerifyResult::valid);
        assertThat(valid.keyId()).isEqualTo(id);
        assertThat(client.verify(VerifyRequest.of(created.key(), "tasks:write")).code()).isEqualTo("FORBIDDEN");
        KeyRecord read = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                return client.getKey(id, org); // the admin key reads another organization
            } catch (io.keyledger.client.KeyledgerException e) {
                if (e.status() == 404) {
                    return null; // not projected yet
                }
                throw e;
            }
        }, java.util.Objects::nonNull);
        assertThat(read.name()).isEqualTo("sdk key");
        assertThat(client.listKeys(org, "active", 100, null).data()).extracting(KeyRecord::id).contains(id);

        AuthResult auth = client.forwardAuth(created.key(), "tasks:read", "/tasks", null);
        assertThat(auth.status()).isEqualTo(200);
        assertThat(auth.keyId()).isEqualTo(id);
        assertThat(client.forwardAuth(created.key(), "tasks:write", "/tasks", null).status()).isEqualTo(403);

        // the starter: a sample app on a random port, its validator the stack's
        try (ConfigurableApplicationContext app = new SpringApplication(StarterSampleApplication.class).run(
                "--server.port=0", "--keyledger.validator.url=" + base(stack.validator("/")),
                "--keyledger.filter.url-patterns=/api/*", "--spring.main.banner-mode=off")) {
            int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> tasks = get(port, "/tasks", Map.of("X-API-Key", created.key()));
            assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
            assertThat(tasks.body()).isEqualTo(org + "/" + id);
            assertThat(tasks.headers().firstValue("X-RateLimit-Limit")).isPresent();
            assertThat(get(port, "/api/ping", Map.of("Authorization", "Bearer " + created.key())).body()).isEqualTo("pong " + id);
            HttpResponse<String> none = get(port, "/tasks", Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            CreatedKey writer = client.createKey(new NewKey("writer only", null, org, null, List.of("tasks:write"), null, null));
            SharedStack.remember(writer.key());
            await().atMost(Api.PROPAGATION).until(() -> client.verify(VerifyRequest.of(writer.key())).valid());
            HttpResponse<String> forbidden = get(port, "/tasks", Map.of("X-API-Key", writer.key()));
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.body()).contains("\"code\":\"FORBIDDEN\"");

            // disable, enable, rotate, revoke through the SDK; the starter follows the validator
            assertThat(client.disableKey(id).status()).isEqualTo("disabled");
            await().atMost(Api.PROPAGATION).until(() -> get(port, "/tasks", Map.of("X-API-Key", created.key())).body(),
                    body -> body.contains("\"code\":\"DISABLED\""));
            assertThat(client.enableKey(id).status()).isEqualTo("active");
            await().atMost(Api.PROPAGATION).until(() -> get(port, "/tasks", Map.of("X-API-Key", created.key())).statusCode() == 200);
            RotatedKey rotated = client.rotateKey(id, Duration.ZERO);
            SharedStack.remember(rotated.key());
            await().atMost(Api.PROPAGATION).until(() -> get(port, "/tasks", Map.of("X-API-Key", rotated.key())).statusCode() == 200);
            client.revokeKey(id, "starter sample done");
            client.revokeKey(id, null); // again: still 204
            await().atMost(Api.PROPAGATION).until(() -> get(port, "/tasks", Map.of("X-API-Key", rotated.key())).body(),
                    body -> body.contains("\"code\":\"REVOKED\""));
        }
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static HttpResponse<String> get(int port, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
