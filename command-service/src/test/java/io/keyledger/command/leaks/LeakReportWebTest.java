package io.keyledger.command.leaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.keyledger.api.EventMetadata;
import io.keyledger.api.keys.ApiKeyDisabledEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyLeakReportedEvent;
import io.keyledger.api.keys.ApiKeyPreviousSecretRetiredEvent;
import io.keyledger.api.keys.ApiKeyRevokedEvent;
import io.keyledger.api.keys.DisabledReason;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.LeakedSecret;
import io.keyledger.api.organizations.OrganizationPolicy.LeakAction;
import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /v1/leaks} over real HTTP with the real event store: the contract of API.md "Leaks". */
class LeakReportWebTest extends CommandServiceTest {

    private static final String SOURCE = "https://github.com/acme/app/blob/0123abc/config.yml#L12";
    /** Each test reports from addresses of its own (the loopback peer is a trusted proxy), so limits do not meet. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Autowired
    EventStore eventStore;
    @Autowired
    LeakResponder responder;

    private static String address() {
        int n = ADDRESSES.getAndIncrement();
        return "198.51." + (100 + n / 250) + "." + (n % 250 + 1);
    }

    private Http reporter(String address) {
        return anonymous().header("X-Forwarded-For", address);
    }

    private Http.Answer report(String address, String... keys) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(keys[i]).append('"');
        }
        json.append("],\"source_url\":\"" + SOURCE + "\",\"reporter\":\"acme scanner\"}");
        return reporter(address).post("/v1/leaks", json.toString());
    }

    private List<? extends DomainEventMessage<?>> events(String keyId) {
        return eventStore.readEvents(keyId).asStream().toList();
    }

    private List<Object> payloads(String keyId) {
        return events(keyId).stream().map(e -> (Object) e.getPayload()).toList();
    }

    private void awaitApplied() {
        await().atMost(Duration.ofSeconds(10)).until(() -> responder.pending() == 0);
    }

    private JsonNode key(String organizationId) {
        return createKey("{\"name\":\"leaky\",\"organization_id\":\"" + organizationId + "\",\"permissions\":[\"tasks:read\"]}");
    }

    @Test
    void aReportedLiveKeyIsDisabledWithReasonLeakedAndTheReportIsInItsHistory() {
        String org = registerOrganization("leak-default", "free");
        JsonNode key = key(org);
        String id = key.get("id").asText();
        String value = key.get("key").asText();
        String from = address();

        Http.Answer answer = report(from, value);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(answer.json()).isEqualTo(new ObjectMapper().createObjectNode().put("status", "accepted"));

        await().atMost(Duration.ofSeconds(10)).until(() -> events(id).size() == 3);
        List<? extends DomainEventMessage<?>> events = events(id);
        assertThat(events.get(1).getPayload()).isEqualTo(new ApiKeyLeakReportedEvent(id, org, LeakedSecret.CURRENT,
                LeakAction.DISABLE, SOURCE, "acme scanner"));
        assertThat(events.get(2).getPayload()).isEqualTo(new ApiKeyDisabledEvent(id, org, DisabledReason.LEAKED));
        assertThat(events.get(1).getMetaData()).containsEntry(EventMetadata.ACTOR, LeakResponder.ACTOR)
                .containsEntry(EventMetadata.CLIENT_IP, from);
        for (DomainEventMessage<?> event : events) {
            assertThat(event.getPayload().toString() + event.getMetaData()).doesNotContain(value);
        }
        // the key record says why it is off; enabling clears the reason
        JsonNode record = admin().post("/v1/api-keys/" + id + "/disable", null).json();
        assertThat(record.get("status").asText()).isEqualTo("disabled");
        assertThat(record.get("disabled_reason").asText()).isEqualTo("leaked");
        JsonNode enabled = admin().post("/v1/api-keys/" + id + "/enable", null).json();
        assertThat(enabled.get("status").asText()).isEqualTo("active");
        assertThat(enabled.get("disabled_reason").isNull()).isTrue();
        // the same report again changes nothing: the owner's decision to enable stands
        assertThat(report(address(), value).status()).isEqualTo(202);
        awaitApplied();
        assertThat(events(id)).hasSize(4);
    }

    @Test
    void revokeAndNotifyPoliciesAreFollowed() {
        String revoking = registerOrganization("leak-revoke", "free");
        assertThat(admin().patch("/v1/organizations/" + revoking, "{\"policy\":{\"on_leak\":\"revoke\"}}").status()).isEqualTo(200);
        String notifying = registerOrganization("leak-notify", "free");
        assertThat(admin().patch("/v1/organizations/" + notifying, "{\"policy\":{\"on_leak\":\"notify\"}}").status()).isEqualTo(200);
        JsonNode revoked = key(revoking);
        JsonNode notified = key(notifying);

        assertThat(report(address(), revoked.get("key").asText(), notified.get("key").asText()).status()).isEqualTo(202);

        String revokedId = revoked.get("id").asText();
        String notifiedId = notified.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(revokedId).size() == 3 && events(notifiedId).size() == 2);
        awaitApplied();
        assertThat(payloads(revokedId).get(1)).isEqualTo(new ApiKeyLeakReportedEvent(revokedId, revoking,
                LeakedSecret.CURRENT, LeakAction.REVOKE, SOURCE, "acme scanner"));
        assertThat(payloads(revokedId).get(2)).isEqualTo(new ApiKeyRevokedEvent(revokedId, revoking, "leaked"));
        assertThat(payloads(notifiedId)).hasSize(2).last().isEqualTo(new ApiKeyLeakReportedEvent(notifiedId, notifying,
                LeakedSecret.CURRENT, LeakAction.NOTIFY, SOURCE, "acme scanner"));
    }

    @Test
    void aLeakedPreviousSecretInGraceIsRetiredAndTheNewOneKeepsWorking() {
        String org = registerOrganization("leak-grace", "free");
        JsonNode key = key(org);
        String id = key.get("id").asText();
        Http.Answer rotated = admin().post("/v1/api-keys/" + id + "/rotate", "{\"grace_period_seconds\":3600}");
        assertThat(rotated.status()).isEqualTo(200);

        assertThat(report(address(), key.get("key").asText()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> payloads(id).stream().anyMatch(ApiKeyPreviousSecretRetiredEvent.class::isInstance));
        assertThat(payloads(id).stream().filter(ApiKeyLeakReportedEvent.class::isInstance).findFirst().orElseThrow())
                .isEqualTo(new ApiKeyLeakReportedEvent(id, org, LeakedSecret.PREVIOUS, LeakAction.DISABLE, SOURCE, "acme scanner"));
        assertThat(payloads(id)).noneMatch(ApiKeyDisabledEvent.class::isInstance);
    }

    @Test
    void garbageUnknownAndRealKeysGetTheSameAnswerAndOnlyRealOnesChangeAnything() {
        String org = registerOrganization("leak-oracle", "free");
        JsonNode key = key(org);
        String id = key.get("id").asText();
        String unknown = ApiKeyFormat.generate(Environment.LIVE, new SecureRandom());
        String typo = key.get("key").asText().substring(0, 20) + "x" + key.get("key").asText().substring(21);
        long before = eventStore.readEvents(id).asStream().count();

        Http.Answer garbage = report(address(), "not a key", "", "kl_live_", "'; drop table used_secret; --", typo, unknown);
        Http.Answer unknownOnly = report(address(), unknown);
        Http.Answer real = report(address(), key.get("key").asText());

        for (Http.Answer answer : List.of(garbage, unknownOnly, real)) {
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.text()).isEqualTo(real.text());
            assertThat(answer.header("Content-Type")).isEqualTo(real.header("Content-Type"));
            assertThat(answer.header("Content-Length")).isEqualTo(real.header("Content-Length"));
        }
        awaitApplied();
        // only the real key's report changed anything, and only for that key
        assertThat(eventStore.readEvents(id).asStream().count()).isEqualTo(before + 2);
    }

    @Test
    void noCredentialsAreNeededAndNoneAreLookedAt() {
        Http.Answer withBogusBearer = new Http(port, "kl_live_nonsense").header("X-Forwarded-For", address())
                .post("/v1/leaks", "{\"keys\":[\"x\"]}");
        assertThat(withBogusBearer.status()).isEqualTo(202);
        // only POST /v1/leaks is public
        assertThat(anonymous().get("/v1/leaks").status()).isEqualTo(401);
        assertThat(reporter(address()).post("/v1/leaks/", "{\"keys\":[\"x\"]}").status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                   | keys",
            "{\"keys\":\"kl_live_x\"}                             | keys",
            "{\"keys\":[]}                                        | keys",
            "{\"keys\":[5]}                                       | keys[0]",
            "{\"keys\":[\"a\",null]}                              | keys[1]",
            "{\"keys\":[\"a\"],\"source_url\":\"ftp://x/y\"}      | source_url",
            "{\"keys\":[\"a\"],\"source_url\":\"/relative\"}      | source_url",
            "{\"keys\":[\"a\"],\"source_url\":\"javascript:x\"}   | source_url",
            "{\"keys\":[\"a\"],\"source_url\":7}                  | source_url",
            "{\"keys\":[\"a\"],\"reporter\":\"tab\\there\"}       | reporter",
            "{\"keys\":[\"a\"],\"reporter\":[]}                   | reporter",
            "{\"keys\":[\"a\"],\"keyz\":1}                        | keyz",
            "[\"kl_live_x\"]                                      | body",
            "\"kl_live_x\"                                        | body",
    })
    void malformedReportsAre400NamingTheField(String body, String field) {
        Http.Answer answer = reporter(address()).post("/v1/leaks", body);
        assertProblem(answer, 400, field);
    }

    @Test
    void oversizedReportsAre400NamingTheField() {
        String many = "{\"keys\":[" + "\"k\",".repeat(100) + "\"k\"]}";
        assertProblem(reporter(address()).post("/v1/leaks", many), 400, "keys");
        String longKey = "{\"keys\":[\"" + "k".repeat(257) + "\"]}";
        assertProblem(reporter(address()).post("/v1/leaks", longKey), 400, "keys[0]");
        String longUrl = "{\"keys\":[\"k\"],\"source_url\":\"https://x.example/" + "p".repeat(2048) + "\"}";
        assertProblem(reporter(address()).post("/v1/leaks", longUrl), 400, "source_url");
        String longReporter = "{\"keys\":[\"k\"],\"reporter\":\"" + "r".repeat(201) + "\"}";
        assertProblem(reporter(address()).post("/v1/leaks", longReporter), 400, "reporter");
        assertThat(reporter(address()).post("/v1/leaks", "{\"keys\":[\"k\"],\"reporter\":\"" + "r".repeat(200) + "\"}").status())
                .isEqualTo(202);
        assertThat(reporter(address()).send("POST", "/v1/leaks", "keys=x", "application/x-www-form-urlencoded").status())
                .isEqualTo(415);
        assertThat(reporter(address()).post("/v1/leaks", "{\"keys\":[\"k\"]").status()).isEqualTo(400);
    }

    @Test
    void eachClientAddressGetsTenReportsAtOnceThen429WithRetryAfter() {
        String from = address();
        for (int i = 0; i < 10; i++) {
            // a malformed report counts too: the limit comes before the body is read
            Http.Answer answer = i % 2 == 0 ? report(from, "kl_live_x") : reporter(from).post("/v1/leaks", "{}");
            assertThat(answer.status()).as("report %d: %s", i, answer).isIn(202, 400);
        }
        Http.Answer limited = report(from, "kl_live_x");
        assertProblem(limited, 429, "LEAK_RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        // another address is not affected
        assertThat(report(address(), "kl_live_x").status()).isEqualTo(202);
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertThat(LeakRateLimitFilter.subject("2001:db8:1:2:aaaa::1"))
                .isEqualTo(LeakRateLimitFilter.subject("2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isNotEqualTo(LeakRateLimitFilter.subject("2001:db8:1:3::1"));
        assertThat(LeakRateLimitFilter.subject("198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void aKeyLeakedWebhookCarriesTheRecordAndTheReportButNotTheKey() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String org = registerOrganization("leak-webhook", "free");
            Http client = clientWith(org, "webhooks:write", "webhooks:read", "keys:write");
            Http.Answer hook = client.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"events\":[\"key.leaked\"]}");
            assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
            JsonNode key = key(org);
            String value = key.get("key").asText();

            assertThat(report(address(), value).status()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            JsonNode delivered = new ObjectMapper().readTree(received.get(0));
            assertThat(delivered.get("type").asText()).isEqualTo("key.leaked");
            assertThat(delivered.get("organization_id").asText()).isEqualTo(org);
            JsonNode data = delivered.get("data");
            assertThat(data.get("id").asText()).isEqualTo(key.get("id").asText());
            assertThat(data.get("actor").asText()).isEqualTo(LeakResponder.ACTOR);
            assertThat(data.get("leak").get("source_url").asText()).isEqualTo(SOURCE);
            assertThat(data.get("leak").get("reporter").asText()).isEqualTo("acme scanner");
            assertThat(data.get("leak").get("action").asText()).isEqualTo("disable");
            assertThat(data.get("leak").get("secret").asText()).isEqualTo("current");
            assertThat(received.get(0)).doesNotContain(value).doesNotContain(ApiKeyFormat.sha256Hex(value));
        } finally {
            receiver.stop(0);
        }
    }
}
