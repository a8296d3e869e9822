package io.keyledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyledger.command.CommandServiceTest;
import io.keyledger.command.Http;
import org.junit.jupiter.api.Test;

/** Every kind of bad request gets a problem+json answer with the right status and the field named. */
class RequestErrorsTest extends CommandServiceTest {

    @Test
    void missingOrUnknownCredentialsAre401() {
        assertProblem(anonymous().post("/v1/api-keys", "{\"name\":\"x\"}"), 401, "missing credentials");
        assertProblem(new Http(port, "kl_live_not-a-real-key").post("/v1/api-keys", "{\"name\":\"x\"}"), 401,
                "invalid credentials");
    }

    @Test
    void missingPermissionIs403() {
        Http reader = clientWith("default", "keys:read");
        assertProblem(reader.post("/v1/api-keys", "{\"name\":\"x\"}"), 403, "keys:write");
        assertProblem(reader.post("/v1/organizations", "{\"name\":\"x\",\"plan\":\"free\"}"), 403, "admin");
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":"), 400, "malformed JSON");
    }

    @Test
    void duplicatedMemberIs400() {
        String id = createKey("{\"name\":\"dup\"}").get("id").asText();
        assertProblem(admin().post("/v1/api-keys/" + id + "/rotate",
                "{\"grace_period_seconds\":null,\"grace_period_seconds\":60}"), 400, "grace_period_seconds");
        assertProblem(admin().post("/v1/organizations", "{\"name\":\"x\",\"plan\":null,\"plan\":\"free\"}"), 400, "plan");
        assertProblem(admin().patch("/v1/api-keys/" + id, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "name");
    }

    @Test
    void chunkedBodyOver64KiBIs413OnTheStatusLineToo() throws Exception {
        byte[] chunk = ("{\"name\":\"x\",\"description\":\"" + "d".repeat(70 * 1024) + "\"}").getBytes();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/api-keys"))
                .header("Authorization", "Bearer " + adminKey()).header("Content-Type", "application/json")
                // a publisher of unknown length makes the client send the body chunked, without Content-Length
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk)))
                .build();
        var answer = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void unknownFieldIs400NamingIt() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"colour\":\"red\"}"), 400, "colour");
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"permissions\":\"tasks:read\"}"), 400, "permissions");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"rate_limit\":{\"per_second\":\"fast\"}}"), 400,
                "per_second");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}"), 400, "expires_at");
    }

    @Test
    void unknownEnumValueIs400NamingTheField() {
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"environment\":\"prod\"}"), 400, "environment");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"owner\":{\"type\":\"robot\"}}"), 400, "type");
        assertProblem(admin().post("/v1/organizations", "{\"name\":\"x\",\"plan\":\"platinum\"}"), 400, "plan");
    }

    @Test
    void ruleViolationsAre400WithTheFieldInErrors() {
        Http.Answer answer = admin().post("/v1/api-keys", "{\"name\":\"\"}");
        assertProblem(answer, 400, "name");
        assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("name");

        answer = admin().post("/v1/api-keys",
                "{\"name\":\"x\",\"restrictions\":{\"ip_allowlist\":[\"10.0.0.0/8\",\"10.0.0.0/99\"]}}");
        assertProblem(answer, 400, "restrictions.ip_allowlist[1]");
        assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("restrictions.ip_allowlist[1]");

        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"permissions\":[\"Tasks Read\"]}"), 400,
                "permissions[0]");
        assertProblem(admin().post("/v1/api-keys", "{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}"), 400,
                "expires_at");
    }

    @Test
    void bodyOver64KiBIs413() {
        String big = "{\"name\":\"x\",\"description\":\"" + "d".repeat(70 * 1024) + "\"}";
        assertProblem(admin().post("/v1/api-keys", big), 413, "larger than");
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Answer answer = admin().send("POST", "/v1/api-keys", "name=x", "application/x-www-form-urlencoded");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void unknownKeyIs404() {
        assertProblem(admin().post("/v1/api-keys/key_doesnotexist/disable", null), 404, "key_doesnotexist");
        assertProblem(admin().patch("/v1/api-keys/key_doesnotexist", "{\"name\":\"x\"}"), 404, "no");
        // an id of another kind of aggregate is no key either
        assertProblem(admin().post("/v1/api-keys/default/rotate", null), 404, "default");
    }

    @Test
    void malformedIfMatchIs400() {
        String id = createKey("{\"name\":\"etag\"}").get("id").asText();
        assertProblem(admin().header("If-Match", "\"abc\"").post("/v1/api-keys/" + id + "/disable", null), 400,
                "If-Match");
    }
}
