package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries end to end inside one service: event → planned row → signed POST to a real receiver → log. */
class WebhookDeliveryWebTest extends CommandServiceTest {

    record Received(String id, String timestamp, String signature, String body) {
    }

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many requests still get a 500 before the receiver answers 200. */
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** The specification's algorithm, written here independently of the service's signer. */
    static boolean verifies(Received message, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (message.id() + "." + message.timestamp() + "." + message.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : message.signature().split(" ")) {
            if (java.security.MessageDigest.isEqual(signature.getBytes(), expected.getBytes())) {
                return true;
            }
        }
        return false;
    }

    private List<Received> ofType(String type) throws Exception {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (new ObjectMapper().readTree(r.body()).get("type").asText().equals(type)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void aRevocationIsDeliveredSignedWithTheKeyRecordAndRetriedUnderOneId() throws Exception {
        String org = registerOrganization("deliver-a", "free");
        Http client = clientWith(org, "webhooks:write", "webhooks:read", "keys:write");
        Http.Answer hook = client.post("/v1/webhooks", "{\"url\":\"" + url() + "\",\"events\":[\"key.revoked\",\"key.created\"]}");
        assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
        String secret = hook.json().get("secret").asText();
        String webhookId = hook.json().get("id").asText();

        Http.Answer key = client.post("/v1/api-keys", "{\"name\":\"to revoke\",\"permissions\":[\"tasks:read\"]}");
        String keyId = key.json().get("id").asText();
        String keyValue = key.json().get("key").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ofType("key.created").isEmpty());
        failuresLeft.set(2);
        assertThat(client.delete("/v1/api-keys/" + keyId).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 4);
        // the revocation failed twice: three attempts, one webhook-id
        Received first = ofType("key.revoked").get(0);
        assertThat(ofType("key.revoked")).hasSize(3);
        assertThat(received.stream().filter(r -> r.id().equals(first.id())).count()).isEqualTo(3);
        for (Received r : received) {
            assertThat(verifies(r, secret)).as(r.toString()).isTrue();
            assertThat(r.body()).doesNotContain(keyValue).doesNotContain(io.keyledger.api.keys.ApiKeyFormat.sha256Hex(keyValue));
        }
        JsonNode revoked = new ObjectMapper().readTree(ofType("key.revoked").get(0).body());
        assertThat(revoked.get("organization_id").asText()).isEqualTo(org);
        assertThat(revoked.get("occurred_at").asText()).isNotEmpty();
        assertThat(revoked.get("data").get("id").asText()).isEqualTo(keyId);
        assertThat(revoked.get("data").get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.get("data").get("actor").asText()).startsWith("key_");
        JsonNode created = new ObjectMapper().readTree(ofType("key.created").get(0).body());
        assertThat(created.get("data").get("status").asText()).as("the record as the event left it").isEqualTo("active");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode log = client.get("/v1/webhooks/" + webhookId + "/deliveries").json().get("data");
            assertThat(log).hasSize(2);
            for (JsonNode d : log) {
                assertThat(d.get("status").asText()).isEqualTo("delivered");
            }
            JsonNode retried = log.get(0).get("id").asText().equals(first.id()) ? log.get(0) : log.get(1);
            assertThat(retried.get("attempt").asInt()).isEqualTo(3);
            assertThat(retried.get("response_code").asInt()).isEqualTo(204);
        });
        JsonNode page = client.get("/v1/webhooks/" + webhookId + "/deliveries?limit=1").json();
        assertThat(page.get("data")).hasSize(1);
        JsonNode next = client.get("/v1/webhooks/" + webhookId + "/deliveries?limit=1&cursor=" + page.get("next_cursor").asText()).json();
        assertThat(next.get("data")).hasSize(1);
        assertThat(next.get("data").get(0).get("id").asText()).isNotEqualTo(page.get("data").get(0).get("id").asText());
        assertThat(next.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void aTestCallIsDeliveredAndARotatedSecretSignsBesideTheOld() throws Exception {
        Http client = clientWith(registerOrganization("deliver-b", "free"), "webhooks:write", "webhooks:read");
        Http.Answer hook = client.post("/v1/webhooks", "{\"url\":\"" + url() + "\",\"events\":[\"key.revoked\"]}");
        String id = hook.json().get("id").asText();
        String old = hook.json().get("secret").asText();
        assertThat(client.post("/v1/webhooks/" + id + "/test", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> ofType("webhook.test").size() == 1);
        Received test = ofType("webhook.test").get(0);
        assertThat(test.signature().split(" ")).hasSize(1);
        assertThat(verifies(test, old)).isTrue();

        String fresh = client.post("/v1/webhooks/" + id + "/rotate-secret", null).json().get("secret").asText();
        assertThat(client.post("/v1/webhooks/" + id + "/test", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> ofType("webhook.test").size() == 2);
        Received second = ofType("webhook.test").get(1);
        assertThat(second.signature().split(" ")).hasSize(2);
        assertThat(verifies(second, fresh)).isTrue();
        assertThat(verifies(second, old)).isTrue();
        assertThat(second.id()).isNotEqualTo(test.id());
    }

    @Test
    void anotherOrganizationsEventsAndUnsubscribedTypesAreNotDelivered() throws Exception {
        Http mine = clientWith(registerOrganization("deliver-c", "free"), "webhooks:write", "webhooks:read", "keys:write");
        Http theirs = clientWith(registerOrganization("deliver-d", "free"), "keys:write");
        String hook = mine.post("/v1/webhooks", "{\"url\":\"" + url() + "\",\"events\":[\"key.disabled\"]}").json().get("id").asText();
        String other = theirs.post("/v1/api-keys", "{\"name\":\"theirs\"}").json().get("id").asText();
        theirs.post("/v1/api-keys/" + other + "/disable", null);
        String own = mine.post("/v1/api-keys", "{\"name\":\"mine\"}").json().get("id").asText();
        mine.delete("/v1/api-keys/" + own); // revoked: not subscribed
        String marker = mine.post("/v1/api-keys", "{\"name\":\"marker\"}").json().get("id").asText();
        mine.post("/v1/api-keys/" + marker + "/disable", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(new ObjectMapper().readTree(received.get(0).body()).get("data").get("id").asText()).isEqualTo(marker);
        // the planner works in stream order: anything planned for the earlier events is in the log by now
        JsonNode log = mine.get("/v1/webhooks/" + hook + "/deliveries").json().get("data");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("type").asText()).isEqualTo("key.disabled");
    }
}
