package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leak response on the real local stack (issue 16 item 3, API.md "Leaks"): a live key "found in a
 * public repo" is reported without credentials; the answer is 202; the validator then refuses the
 * key (DISABLED), the key record says {@code disabled_reason: leaked}, the query API has a
 * {@code key_leaked} anomaly with the source, and the key's audit history holds the report.
 * Garbage and unknown keys get the same 202 and change nothing; too many reports from one
 * address get 429.
 */
@ExtendWith(SharedStack.class)
@Order(47)
class LeakReportIT {

    private static final String SOURCE = "https://github.com/acme/public-app/blob/4f2a9c1/deploy/.env#L3";

    private static Http.Answer report(LocalStack stack, String clientAddress, List<String> keys) {
        String body;
        try {
            body = Http.JSON.writeValueAsString(Map.of("keys", keys, "source_url", SOURCE, "reporter", "e2e scanner"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the stack trusts loopback as a proxy: X-Forwarded-For names the reporting client
        return Http.send(Http.request(stack.command("/v1/leaks"), null)
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aReportedLiveKeyIsRefusedEverywhereAndTheReportIsOnRecord(LocalStack stack) {
        Api api = new Api(stack);
        String org = api.createOrganization("leaky org", "free");
        Api.Key key = api.createKey(org, "deploy key", List.of("tasks:read"));
        Api.Key bystander = api.createKey(org, "bystander", List.of("tasks:read"));
        assertThat(api.verify(key.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");

        Http.Answer answer = report(stack, "203.0.113.40", List.of(key.key()));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        assertThat(answer.body().path("status").asText()).isEqualTo("accepted");

        // refused at the validator
        api.awaitVerdict(key.key(), "DISABLED");
        // the key record says why
        JsonNode record = await().atMost(Api.PROPAGATION).ignoreExceptions().until(
                () -> Http.get(stack.query("/v1/api-keys/" + key.id() + "?organization_id=" + org), api.admin).body(),
                r -> "disabled".equals(r.path("status").asText()));
        assertThat(record.path("disabled_reason").asText()).isEqualTo("leaked");
        // the anomaly, with the source
        JsonNode anomaly = await().atMost(Api.PROPAGATION).ignoreExceptions().until(
                () -> Http.get(stack.query("/v1/anomalies?type=key_leaked&key_id=" + key.id() + "&organization_id=" + org),
                        api.admin).body().path("data"), d -> d.size() == 1).get(0);
        assertThat(anomaly.path("type").asText()).isEqualTo("key_leaked");
        assertThat(anomaly.path("organization_id").asText()).isEqualTo(org);
        assertThat(anomaly.path("evidence").path("source_url").asText()).isEqualTo(SOURCE);
        assertThat(anomaly.path("evidence").path("reporter").asText()).isEqualTo("e2e scanner");
        assertThat(anomaly.path("evidence").path("action").asText()).isEqualTo("disable");
        // the audit history: the report with its source, then the disable
        JsonNode events = Http.get(stack.query("/v1/api-keys/" + key.id() + "/events?organization_id=" + org), api.admin)
                .body().path("data");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsExactly("ApiKeyCreated", "ApiKeyLeakReported", "ApiKeyDisabled");
        JsonNode reported = events.get(1);
        assertThat(reported.path("payload").path("source_url").asText()).isEqualTo(SOURCE);
        assertThat(reported.path("payload").path("reporter").asText()).isEqualTo("e2e scanner");
        assertThat(reported.path("actor").asText()).isEqualTo("leak-report");
        assertThat(reported.path("client_ip").asText()).isEqualTo("203.0.113.40");
        assertThat(events.toString()).doesNotContain(key.key());
        // another key of the organization is untouched
        assertThat(api.verify(bystander.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
    }

    @Test
    void garbageAndUnknownKeysGetTheSame202AndNothingChanges(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("unleaked org", "free");
        Api.Key key = api.createKey(org, "kept key", List.of("tasks:read"));
        String typo = key.key().substring(0, 20) + (key.key().charAt(20) == 'x' ? 'y' : 'x') + key.key().substring(21);
        String unknown = "kl_live_" + "Q".repeat(40) + "000000";
        int before = Http.get(stack.query("/v1/api-keys/" + key.id() + "/events?organization_id=" + org), api.admin)
                .body().path("data").size();

        Http.Answer garbage = report(stack, "203.0.113.41", List.of("hello", "kl_live_", typo, unknown, key.id()));
        Http.Answer real = report(stack, "203.0.113.42", List.of(key.key().substring(0, 12)));
        assertThat(garbage.status()).isEqualTo(202);
        assertThat(real.status()).isEqualTo(202);
        assertThat(garbage.raw().body()).isEqualTo(real.raw().body());

        // give a match every chance to arrive: the validator, the read model and the history stay as they were
        Thread.sleep(3000);
        assertThat(api.verify(key.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
        assertThat(Http.get(stack.query("/v1/api-keys/" + key.id() + "?organization_id=" + org), api.admin)
                .body().path("status").asText()).isEqualTo("active");
        assertThat(Http.get(stack.query("/v1/api-keys/" + key.id() + "/events?organization_id=" + org), api.admin)
                .body().path("data").size()).isEqualTo(before);
        assertThat(Http.get(stack.query("/v1/anomalies?type=key_leaked&key_id=" + key.id() + "&organization_id=" + org),
                api.admin).body().path("data").size()).isZero();
    }

    @Test
    void tooManyReportsFromOneAddressAre429WithRetryAfter(LocalStack stack) {
        int accepted = 0;
        Http.Answer answer;
        do {
            answer = report(stack, "203.0.113.43", List.of("kl_live_nothing"));
            accepted += answer.status() == 202 ? 1 : 0;
        } while (answer.status() == 202 && accepted <= 10);
        assertThat(accepted).as("reports accepted before the limit").isEqualTo(10);
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(answer.body().path("code").asText()).isEqualTo("LEAK_RATE_LIMITED");
        // another address still reports
        assertThat(report(stack, "203.0.113.44", List.of("kl_live_nothing")).status()).isEqualTo(202);
    }
}
