package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation and permissions (issue 6, item 4), table-driven over every endpoint of
 * the command and query APIs: a key of one organization acting on another's key gets 404
 * (it must not learn the key exists), an organization-level call into another organization
 * gets 403, and a key without the permission an endpoint needs gets 403. None of the
 * refused calls may have changed anything.
 */
@ExtendWith(SharedStack.class)
@Order(10)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

    private LocalStack stack;
    private Api api;
    private String orgA;
    private String orgB;
    private Api.Key writerA;
    private Api.Key writerB;
    private Api.Key targetA;
    private Api.Key targetB;
    private Api.Key noPermissionA;
    private Api.Key readOnlyA;

    /** One call of the API, given a key id to act on. */
    record Call(String name, String method, Function<String, URI> uri, Object body) {
        Http.Answer send(String bearer, String keyId) {
            URI u = uri.apply(keyId);
            return switch (method) {
                case "GET" -> Http.get(u, bearer);
                case "POST" -> Http.post(u, bearer, body == null ? Map.of() : body);
                case "PATCH" -> Http.patch(u, bearer, body);
                case "DELETE" -> Http.delete(u, bearer);
                default -> throw new IllegalArgumentException(method);
            };
        }
    }

    /** A row of the matrix: who calls what on which key, and the status it must get. */
    record Row(String who, Call call, String bearer, String keyId, List<Integer> expected) {
    }

    @BeforeAll
    void organizationsAndKeys(LocalStack stack) {
        this.stack = stack;
        api = new Api(stack);
        orgA = api.createOrganization("isolation A", "professional");
        orgB = api.createOrganization("isolation B", "professional");
        List<String> manager = List.of("keys:write", "keys:read", "audit:read");
        writerA = api.createKey(orgA, "writer A", manager);
        writerB = api.createKey(orgB, "writer B", manager);
        targetA = api.createKey(orgA, "target A", List.of("tasks:read"));
        targetB = api.createKey(orgB, "target B", List.of("tasks:read"));
        noPermissionA = api.createKey(orgA, "no permission A", List.of("tasks:read", "tasks:write"));
        readOnlyA = api.createKey(orgA, "read only A", List.of("keys:read"));
        // the read model must know both targets, or a 404 would prove nothing
        for (Api.Key[] pair : new Api.Key[][] {{writerA, targetA}, {writerB, targetB}}) {
            await().atMost(Api.PROPAGATION).until(
                    () -> Http.get(stack.query("/v1/api-keys/" + pair[1].id()), pair[0].key()).status() == 200);
        }
    }

    private List<Call> keyCommands() {
        return List.of(
                new Call("PATCH /v1/api-keys/{id}", "PATCH", id -> stack.command("/v1/api-keys/" + id), Map.of("name", "hijacked")),
                new Call("POST /v1/api-keys/{id}/rotate", "POST", id -> stack.command("/v1/api-keys/" + id + "/rotate"), Map.of()),
                new Call("POST /v1/api-keys/{id}/disable", "POST", id -> stack.command("/v1/api-keys/" + id + "/disable"), null),
                new Call("POST /v1/api-keys/{id}/enable", "POST", id -> stack.command("/v1/api-keys/" + id + "/enable"), null),
                new Call("DELETE /v1/api-keys/{id}", "DELETE", id -> stack.command("/v1/api-keys/" + id), null));
    }

    private List<Call> keyReads() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        return List.of(
                new Call("GET /v1/api-keys/{id}", "GET", id -> stack.query("/v1/api-keys/" + id), null),
                new Call("GET /v1/api-keys/{id}/usage", "GET",
                        id -> stack.query("/v1/api-keys/" + id + "/usage?from=" + from + "&to=" + now + "&interval=minute"), null));
    }

    private List<Call> keyAudits() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return List.of(
                new Call("GET /v1/api-keys/{id}/events", "GET", id -> stack.query("/v1/api-keys/" + id + "/events"), null),
                new Call("GET /v1/api-keys/{id}/state", "GET", id -> stack.query("/v1/api-keys/" + id + "/state?at=" + now), null));
    }

    private List<Call> orgCalls() {
        String now = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String from = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        return List.of(
                new Call("POST /v1/api-keys", "POST", id -> stack.command("/v1/api-keys"), Map.of("name", "x", "permissions", List.of("tasks:read"))),
                new Call("GET /v1/api-keys", "GET", id -> stack.query("/v1/api-keys"), null),
                new Call("GET /v1/anomalies", "GET", id -> stack.query("/v1/anomalies"), null),
                new Call("GET /v1/audit/export", "GET", id -> stack.query("/v1/audit/export?from=" + from + "&to=" + now + "&format=ndjson"), null));
    }

    @Test
    void anotherOrganizationsKeysAnswer404AndMissingPermissionsAnswer403() {
        List<Row> rows = new ArrayList<>();
        List<Call> keyCalls = new ArrayList<>(keyCommands());
        keyCalls.addAll(keyReads());
        keyCalls.addAll(keyAudits());
        for (Call call : keyCalls) {
            rows.add(new Row("org B's writer on org A's key", call, writerB.key(), targetA.id(), List.of(404)));
            rows.add(new Row("org A's writer on org B's key", call, writerA.key(), targetB.id(), List.of(404)));
            rows.add(new Row("org A key without keys:* on org A's key", call, noPermissionA.key(), targetA.id(), List.of(403)));
        }
        for (Call call : keyCommands()) {
            rows.add(new Row("org A key with only keys:read", call, readOnlyA.key(), targetA.id(), List.of(403)));
        }
        for (Call call : keyAudits()) {
            rows.add(new Row("org A key with only keys:read (audit)", call, readOnlyA.key(), targetA.id(), List.of(403)));
        }
        for (Call call : keyReads()) {
            rows.add(new Row("org A key with only keys:read", call, readOnlyA.key(), targetA.id(), List.of(200)));
        }
        for (Call call : orgCalls()) {
            rows.add(new Row("org A key without keys:*", call, noPermissionA.key(), null, List.of(403)));
        }
        // organization-level calls into another organization, or reserved for the platform admin
        rows.add(new Row("org B's writer creating a key in org A",
                new Call("POST /v1/api-keys {organization_id: A}", "POST", id -> stack.command("/v1/api-keys"),
                        Map.of("name", "planted", "organization_id", orgA, "permissions", List.of("admin:*"))),
                writerB.key(), null, List.of(403)));
        rows.add(new Row("org B's writer registering an organization",
                new Call("POST /v1/organizations", "POST", id -> stack.command("/v1/organizations"),
                        Map.of("name", "rogue", "plan", "enterprise")), writerB.key(), null, List.of(403)));
        rows.add(new Row("org B's writer granting itself admin:*",
                new Call("POST /v1/api-keys {permissions: [admin:*]}", "POST", id -> stack.command("/v1/api-keys"),
                        Map.of("name", "escalate", "permissions", List.of("admin:*"))), writerB.key(), null, List.of(400, 403)));
        rows.add(new Row("org B's writer widening its own key to admin:*",
                new Call("PATCH /v1/api-keys/{own id} {permissions: [admin:*]}", "PATCH",
                        id -> stack.command("/v1/api-keys/" + id), Map.of("permissions", List.of("admin:*"))),
                writerB.key(), writerB.id(), List.of(400, 403)));
        rows.add(new Row("org B's writer starting a projection rebuild",
                new Call("POST /v1/admin/projections/{name}/rebuild", "POST",
                        id -> stack.query("/v1/admin/projections/keys/rebuild"), null), writerB.key(), null, List.of(403)));
        rows.add(new Row("org B's writer reading a projection's progress",
                new Call("GET /v1/admin/projections/{name}", "GET",
                        id -> stack.query("/v1/admin/projections/keys"), null), writerB.key(), null, List.of(403)));

        List<String> report = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Http.Answer answer = row.call().send(row.bearer(), row.keyId());
            String line = String.format("%-45s %-55s → %d (expected %s)", row.who(), row.call().name(), answer.status(), row.expected());
            report.add(line);
            if (!row.expected().contains(answer.status())) {
                wrong.add(line + " " + abbreviate(answer.raw().body()));
            }
            if (answer.status() >= 400) {
                assertThat(answer.header("Content-Type")).as(line).startsWith("application/problem+json");
            }
            if (answer.status() == 404) {
                // the answer must not tell a foreign key from a missing one
                assertThat(answer.raw().body()).as(line).doesNotContain("hijacked", targetA.key(), targetB.key());
            }
        }
        System.out.println("tenant isolation matrix (" + rows.size() + " rows):\n" + String.join("\n", report));
        assertThat(wrong).as("rows with the wrong status").isEmpty();
    }

    @Test
    void listsAndExportsOfOneOrganizationHoldNothingOfAnother() {
        String from = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String to = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();

        Http.Answer list = Http.get(stack.query("/v1/api-keys?limit=100"), writerB.key());
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        for (JsonNode key : list.body().path("data")) {
            assertThat(key.path("organization_id").asText()).isEqualTo(orgB);
        }
        assertThat(list.raw().body()).doesNotContain(targetA.id(), writerA.id(), orgA);

        Http.Answer anomalies = Http.get(stack.query("/v1/anomalies?key_id=" + targetA.id()), writerB.key());
        assertThat(anomalies.status()).as(anomalies.raw().body()).isIn(200, 404);
        assertThat(anomalies.raw().body()).doesNotContain(orgA);

        Http.Answer export = Http.get(stack.query("/v1/audit/export?from=" + from + "&to=" + to + "&format=ndjson"), writerB.key());
        assertThat(export.status()).as(export.raw().body()).isEqualTo(200);
        assertThat(export.raw().body()).contains(targetB.id()).doesNotContain(targetA.id(), orgA);
    }

    @Test
    void refusedCallsChangedNothing() {
        anotherOrganizationsKeysAnswer404AndMissingPermissionsAnswer403Quietly();
        // targets are still active, still verify, and their history holds only the creation
        for (Api.Key[] pair : new Api.Key[][] {{writerA, targetA}, {writerB, targetB}}) {
            assertThat(api.verify(pair[1].key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
            Http.Answer events = Http.get(stack.query("/v1/api-keys/" + pair[1].id() + "/events"), pair[0].key());
            assertThat(events.status()).as(events.raw().body()).isEqualTo(200);
            assertThat(events.body().path("data")).as(events.raw().body()).hasSize(1);
        }
        Http.Answer list = Http.get(stack.query("/v1/api-keys?limit=100"), writerA.key());
        assertThat(list.raw().body()).doesNotContain("planted", "escalate");
        Http.Answer writerBState = Http.get(stack.query("/v1/api-keys/" + writerB.id()), writerB.key());
        assertThat(writerBState.body().path("permissions").toString()).doesNotContain("admin:*");
    }

    /** The refused calls once more, so that this test does not depend on the order the tests run in. */
    private void anotherOrganizationsKeysAnswer404AndMissingPermissionsAnswer403Quietly() {
        for (Call call : keyCommands()) {
            call.send(writerB.key(), targetA.id());
            call.send(writerA.key(), targetB.id());
            call.send(noPermissionA.key(), targetA.id());
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
