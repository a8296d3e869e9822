package io.keyledger.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.api.attempts.AuthAttempt;
import io.keyledger.validator.web.NettyHotPathServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** Issue 15: the validator's meters as Prometheus scrapes them from the management port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:validator-metrics;DB_CLOSE_DELAY=-1",
        "keyledger.data-dir=target/test-data/validator-metrics-${random.uuid}",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "keyledger.validator.http.port=0"})
@EmbeddedKafka(kraft = true, partitions = 1, topics = AuthAttempt.TOPIC)
// keeps the Prometheus endpoint, which Spring Boot tests switch off by default
@AutoConfigureObservability
class ValidatorMetricsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    NettyHotPathServer hotPath;
    @LocalServerPort
    int springPort;

    @Test
    void verifyLatencyHistogramOutcomesAndProcessorLagAreScraped() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get(springPort, "/actuator/health/readiness").statusCode() == 200);
        HttpResponse<String> verdict = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hotPath.port() + "/v1/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"kl_live_unknownunknownunknownunknownunknownunknown\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verdict.statusCode()).isEqualTo(200);

        String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> get(springPort, "/actuator/prometheus").body(),
                text -> text.contains("keyledger_processor_lag_events{"));
        assertThat(metrics)
                // the histogram: buckets below a microsecond exist, and the verification is counted
                .containsPattern("keyledger_verify_latency_seconds_bucket\\{[^}]*le=\"1\\.[0-9E-]+-7\"")
                .containsPattern("keyledger_verify_latency_seconds_count(\\{[^}]*})? [1-9]")
                .containsPattern("keyledger_verifications_total\\{code=\"(NOT_FOUND|MALFORMED)\"[^}]*} 1")
                .contains("keyledger_processor_lag_events{group=\"validator-hot-set\"")
                .contains("keyledger_processor_lag_seconds{group=\"validator-hot-set\"")
                .contains("keyledger_hot_set_keys");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
