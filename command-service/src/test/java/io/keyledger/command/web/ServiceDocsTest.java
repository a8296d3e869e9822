package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.command.Http;
import io.keyledger.support.openapi.SpecRules;
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

    /** Issue 15: the description is the wire (SpecRules), with the headers of the conventions. */
    @Test
    void openApiIsTheWire() throws Exception {
        JsonNode spec = anonymous().get("/v3/api-docs").json();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/command-api-docs.json"), spec.toPrettyString());
        assertThat(SpecRules.violations(spec)).isEmpty();
        assertThat(spec.at("/info/title").asText()).isEqualTo("keyledger command API");
        JsonNode create = spec.at("/paths/~1v1~1api-keys/post");
        assertThat(create.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        assertThat(create.at("/responses/201/headers").has("ETag")).isTrue();
        assertThat(create.at("/responses/422/content").has("application/problem+json")).isTrue();
        JsonNode patch = spec.at("/paths/~1v1~1api-keys~1{id}/patch");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("If-Match");
        assertThat(patch.at("/responses/200/headers").has("ETag")).isTrue();
        assertThat(patch.at("/responses/412/content").has("application/problem+json")).isTrue();
        assertThat(patch.at("/responses/429/headers").has("Retry-After")).isTrue();
        assertThat(spec.at("/components/schemas/KeyState/properties/status/enum").toString()).contains("\"active\"");
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
