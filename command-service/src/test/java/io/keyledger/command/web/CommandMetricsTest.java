package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyledger.command.CommandServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 15: command-service's own meters, as Prometheus scrapes them. */
class CommandMetricsTest extends CommandServiceTest {

    @Test
    void lifecycleCommandsRejectionsProcessorLagAndWebhookDeliveriesAreScraped() {
        String id = createKey("{\"name\":\"metered\",\"permissions\":[\"tasks:read\"]}").path("id").asText();
        assertThat(admin().delete("/v1/api-keys/" + id).status()).isEqualTo(204);
        // revoked is final: disabling it is refused by the aggregate
        assertThat(admin().post("/v1/api-keys/" + id + "/disable", null).status()).isEqualTo(409);

        String metrics = await().atMost(Duration.ofSeconds(10)).until(() -> anonymous().get("/actuator/prometheus").text(),
                text -> text.contains("keyledger_processor_lag_events{"));
        assertThat(metrics)
                .containsPattern("keyledger_commands_total\\{command=\"CreateApiKeyCommand\",outcome=\"accepted\",reason=\"none\"[^}]*} [1-9]")
                .containsPattern("keyledger_commands_total\\{command=\"RevokeApiKeyCommand\",outcome=\"accepted\",reason=\"none\"[^}]*} [1-9]")
                .containsPattern("keyledger_commands_total\\{command=\"DisableApiKeyCommand\",outcome=\"rejected\",reason=\"lifecycle\"[^}]*} [1-9]")
                .containsPattern("keyledger_processor_lag_events\\{group=\"[a-z-]+\"")
                .containsPattern("keyledger_processor_lag_seconds\\{group=\"[a-z-]+\"")
                .contains("keyledger_webhook_deliveries_total{outcome=\"delivered\"")
                .contains("keyledger_webhook_deliveries_total{outcome=\"failed\"")
                .contains("keyledger_webhook_deliveries_total{outcome=\"retrying\"");
    }
}
