package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.junit.jupiter.api.Test;

class ServiceDocsTest extends CommandServiceTest {

    @Test
    void openApiDescribesTheCommandApiInSnakeCase() {
        Http.Answer docs = anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/v1/api-keys")).isTrue();
        assertThat(docs.json().get("paths").has("/v1/api-keys/{id}/rotate")).isTrue();
        assertThat(docs.json().get("paths").has("/v1/organizations")).isTrue();
        assertThat(docs.text()).contains("grace_period_seconds").contains("organization_id").contains("bearer")
                .contains("ip_allowlist").contains("previous_key_valid_until");
        assertThat(docs.json().at("/components/schemas/Patch/properties").has("expires_at")).isTrue();
        assertThat(docs.json().at("/components/schemas/Created/properties").has("key")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        Http.Answer ui = anonymous().get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger");
    }

    @Test
    void prometheusMetricsAreExposed() {
        Http.Answer metrics = anonymous().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("jvm_memory");
    }
}
