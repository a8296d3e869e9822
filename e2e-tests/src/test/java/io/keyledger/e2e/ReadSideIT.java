package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read side on the real local stack (issue 5): verifications become usage in the query
 * API within seconds; a revoked key used becomes an anomaly; {@code /state?at=} between two
 * changes answers the earlier state; a rebuild of the key projection from the first event
 * reproduces the same documents.
 */
@ExtendWith(SharedStack.class)
@Order(50)
class ReadSideIT {

    @Test
    void usageAnomaliesAuditStateAndRebuildOnTheLocalStack(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("read side", "enterprise");
        String reader = api.createKey(org, "read side reader", List.of("keys:read", "keys:write", "audit:read")).key();
        // created without Api.createKey's verification, so that every attempt of this key is one this test counts;
        // GET /v1/rate-limit tells when the validator knows it without logging an attempt
        Api.Key used = api.create(api.admin, Map.of("name", "read side used", "permissions", List.of("tasks:read"),
                "organization_id", org));
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(100)).until(() -> Http.send(
                Http.request(stack.validator("/v1/rate-limit"), null).header("X-API-Key", used.key())).status() == 200);

        // verifications → usage, and how long the last one took to show
        int verifications = 25;
        for (int i = 0; i < verifications; i++) {
            assertThat(api.verify(used.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
        }
        Instant lastVerified = Instant.now();
        JsonNode details = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(100)).until(
                () -> Http.get(stack.query("/v1/api-keys/" + used.id()), reader).body(),
                d -> d.path("usage").path("requests_today").asLong() == verifications);
        System.out.printf("read side: %d verifications visible as usage %d ms after the last one%n",
                verifications, Duration.between(lastVerified, Instant.now()).toMillis());
        assertThat(details.path("usage").path("requests_this_month").asLong()).isEqualTo(verifications);
        assertThat(details.path("last_used").asText()).isNotEmpty();
        assertThat(details.toString()).doesNotContain(used.key());
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        JsonNode series = Http.get(stack.query("/v1/api-keys/" + used.id() + "/usage?interval=hour&from="
                + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(1, ChronoUnit.HOURS)), reader).body();
        assertThat(series.path("data").findValues("requests").stream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(verifications);

        // two changes a moment apart: the state between them is the earlier one
        Http.Answer renamed = Http.patch(stack.command("/v1/api-keys/" + used.id()), reader, Map.of("name", "read side first"));
        assertThat(renamed.status()).as(renamed.raw().body()).isEqualTo(200);
        Thread.sleep(1_100);
        Instant between = Instant.now();
        Thread.sleep(1_100);
        Http.Answer revoked = Http.delete(stack.command("/v1/api-keys/" + used.id()), reader);
        assertThat(revoked.status()).as(revoked.raw().body()).isEqualTo(204);
        JsonNode events = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(200)).until(
                () -> Http.get(stack.query("/v1/api-keys/" + used.id() + "/events"), reader).body().path("data"),
                d -> d.size() == 3);
        assertThat(java.util.stream.StreamSupport.stream(events.spliterator(), false).map(e -> e.path("type").asText()).toList())
                .containsExactly("ApiKeyCreated", "ApiKeyUpdated", "ApiKeyRevoked");
        assertThat(events.get(2).path("actor").asText()).isNotEmpty();
        JsonNode then = Http.get(stack.query("/v1/api-keys/" + used.id() + "/state?at="
                + URLEncoder.encode(between.toString(), StandardCharsets.UTF_8)), reader).body();
        assertThat(then.path("name").asText()).isEqualTo("read side first");
        assertThat(then.path("status").asText()).isEqualTo("active");
        JsonNode now = Http.get(stack.query("/v1/api-keys/" + used.id() + "/state?at="
                + URLEncoder.encode(Instant.now().toString(), StandardCharsets.UTF_8)), reader).body();
        assertThat(now.path("status").asText()).isEqualTo("revoked");

        // the revoked key used → an anomaly naming it
        api.awaitVerdict(used.key(), "REVOKED");
        String since = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode anomaly = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofSeconds(1)).until(
                () -> Http.get(stack.query("/v1/anomalies?type=revoked_key_used&key_id=" + used.id() + "&since=" + since),
                        reader).body().path("data"),
                d -> d.size() > 0).get(0);
        assertThat(anomaly.path("key_id").asText()).isEqualTo(used.id());
        assertThat(anomaly.path("organization_id").asText()).isEqualTo(org);
        assertThat(anomaly.path("evidence").isMissingNode()).isFalse();

        // a rebuild of the key projection from the first event leaves the same documents
        Map<String, JsonNode> before = documents(stack, reader, org);
        Http.Answer rebuild = Http.post(stack.query("/v1/admin/projections/keys-read-model/rebuild"), api.admin, Map.of());
        assertThat(rebuild.status()).as(rebuild.raw().body()).isEqualTo(202);
        JsonNode done = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(
                () -> Http.get(stack.query("/v1/admin/projections/keys-read-model"), api.admin).body(),
                p -> "up_to_date".equals(p.path("status").asText()));
        System.out.printf("read side: rebuild done: %s%n", done);
        assertThat(documents(stack, reader, org)).isEqualTo(before);
    }

    /** Every key document of the organization, by id: the list entry and the details. */
    private static Map<String, JsonNode> documents(LocalStack stack, String reader, String org) {
        Map<String, JsonNode> docs = new TreeMap<>();
        JsonNode list = Http.get(stack.query("/v1/api-keys?limit=100"), reader).body();
        for (JsonNode key : list.path("data")) {
            String id = key.path("id").asText();
            assertThat(key.path("organization_id").asText()).isEqualTo(org);
            docs.put(id, key);
            docs.put(id + " details", Http.get(stack.query("/v1/api-keys/" + id), reader).body());
        }
        assertThat(docs).as("the reader and the used key, each listed and in detail").hasSize(4);
        return docs;
    }
}
