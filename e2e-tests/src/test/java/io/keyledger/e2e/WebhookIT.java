package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Signed webhooks on the real stack (issue 14 item 1): a local receiver verifies every signature
 * with the Standard Webhooks algorithm written here (independent of the service's signer); a
 * receiver that answers 500 twice gets the same message a third time under the same
 * {@code webhook-id}; and a delivery still failing when command-service is killed with
 * {@code kill -9} arrives after the restart, under its id. Its own stack (command-service only,
 * first retry after 1 s), because it kills a service.
 */
@Order(3)
class WebhookIT {

    record Received(String id, String timestamp, String signature, String body, int answered) {
        String type() throws Exception {
            return new ObjectMapper().readTree(body).path("type").asText();
        }

        String keyId() throws Exception {
            return new ObjectMapper().readTree(body).path("data").path("id").asText();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicBoolean failAll = new AtomicBoolean();

    /** The specification's algorithm: base64 HMAC-SHA256 of "id.timestamp.body", keyed with the base64 after whsec_. */
    static boolean verifies(Received message, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (message.id() + "." + message.timestamp() + "." + message.body()).getBytes(StandardCharsets.UTF_8))))
                .getBytes(StandardCharsets.UTF_8);
        for (String signature : message.signature().split(" ")) {
            if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void deliveriesAreSignedRetriedUnderOneIdAndSurviveAKill() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failAll.get() || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try (LocalStack stack = new LocalStack(SharedStack.newDataDir("webhooks"))
                .withEnv("KEYLEDGER_SERVICES", "command")
                .withEnv("KEYLEDGER_WEBHOOKS_INITIAL_DELAY", "1s")
                .start()) {
            String admin = stack.bootstrapAdminKey();
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            Http.Answer hook = Http.post(stack.command("/v1/webhooks"), admin,
                    Map.of("url", url, "events", List.of("key.revoked"), "description", "e2e receiver"));
            assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
            String secret = hook.body().path("secret").asText();
            String webhookId = hook.body().path("id").asText();

            // 1. 500, 500, 200: three attempts of one message
            failuresLeft.set(2);
            String first = revokeNewKey(stack, admin, "retried");
            await().atMost(Duration.ofSeconds(60)).until(() -> attemptsOf(first).stream().anyMatch(r -> r.answered() == 200));
            List<Received> attempts = attemptsOf(first);
            assertThat(attempts).extracting(Received::answered).containsExactly(500, 500, 200);
            assertThat(attempts).extracting(Received::id).containsOnly(attempts.get(0).id());

            // 2. failing when command-service dies: delivered after its restart, under the same id
            failAll.set(true);
            String second = revokeNewKey(stack, admin, "across a kill");
            await().atMost(Duration.ofSeconds(60)).until(() -> !attemptsOf(second).isEmpty());
            String messageId = attemptsOf(second).get(0).id();
            LocalStack.KilledService killed = stack.kill("command-service.jar");
            failAll.set(false);
            stack.restart(killed);
            LocalStack.awaitReady(stack.commandPort, Duration.ofSeconds(240));
            await().atMost(Duration.ofSeconds(120)).until(() -> attemptsOf(second).stream().anyMatch(r -> r.answered() == 200));
            assertThat(attemptsOf(second)).extracting(Received::id).containsOnly(messageId);

            // every message that arrived, verified independently
            assertThat(received).isNotEmpty();
            for (Received r : received) {
                assertThat(verifies(r, secret)).as("signature of %s", r).isTrue();
                assertThat(Long.parseLong(r.timestamp())).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(600L));
            }
            JsonNode log = Http.get(stack.command("/v1/webhooks/" + webhookId + "/deliveries"), admin).body().path("data");
            assertThat(log).hasSize(2);
            for (JsonNode delivery : log) {
                assertThat(delivery.path("status").asText()).isEqualTo("delivered");
                assertThat(delivery.path("type").asText()).isEqualTo("key.revoked");
            }
        } finally {
            receiver.stop(0);
        }
    }

    private List<Received> attemptsOf(String keyId) throws Exception {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.type().equals("key.revoked") && r.keyId().equals(keyId)) {
                out.add(r);
            }
        }
        return out;
    }

    private static String revokeNewKey(LocalStack stack, String admin, String name) {
        Http.Answer created = Http.post(stack.command("/v1/api-keys"), admin, Map.of("name", name));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.body().path("id").asText();
        assertThat(Http.delete(stack.command("/v1/api-keys/" + id), admin).status()).isEqualTo(204);
        return id;
    }
}
