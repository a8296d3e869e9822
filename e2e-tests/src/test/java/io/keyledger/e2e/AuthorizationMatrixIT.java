package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization model, walked whole (issue 11, item 8; API.md "Authorization rules"): every
 * management endpoint × every kind of caller × every kind of target key, on the real stack, with
 * the status each cell must get written down as data in {@link #EXPECTED}. Any cell that answers
 * otherwise fails the test, and the failure lists every such cell.
 *
 * <p>Callers (columns): an {@code admin:*} key of organization A, the platform's bootstrap admin
 * (organization {@code default}), a writer ({@code keys:write keys:read tasks:read}), a reader
 * ({@code keys:read}), an auditor ({@code audit:read}), a writer's previous secret inside its
 * grace period, a disabled writer, an expired writer, a writer pinned to an IP range the test
 * does not call from, a writer whose own rate limit is spent, a {@code test}-environment writer,
 * and a writer of organization B. Every caller but the platform admin and "other" lives in A.
 *
 * <p>Targets (the second word of a key row): a weaker key ({@code tasks:read}), a stronger key
 * ({@code keys:write keys:read audit:read}), an {@code admin:*} key, a {@code test} key (all
 * in A) and a weak key of organization B. For {@code create} the target is the key asked for;
 * query and audit calls name the target's organization in {@code organization_id}.
 */
@ExtendWith(SharedStack.class)
@Order(12)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    static final List<String> CALLERS = List.of(
            "admin", "platform", "writer", "reader", "auditor", "grace", "disabled", "expired", "ip", "limited", "test", "other");
    static final List<String> TARGETS = List.of("weak", "strong", "admin", "test", "other");

    /** Endpoint (and target), then the expected status per caller in {@link #CALLERS} order. */
    static final String EXPECTED = """
            #                 admin platform writer reader auditor grace disabled expired ip  limited test other
            create      weak    201  201      201    403    403     401   401      401     403 429     403  403
            create      strong  201  201      403    403    403     401   401      401     403 429     403  403
            create      admin   201  201      403    403    403     401   401      401     403 429     403  403
            create      test    201  201      201    403    403     401   401      401     403 429     201  403
            create      other   201  201      403    403    403     401   401      401     403 429     403  201
            patch       weak    200  200      200    403    403     401   401      401     403 429     403  404
            patch       strong  200  200      403    403    403     401   401      401     403 429     403  404
            patch       admin   200  200      403    403    403     401   401      401     403 429     403  404
            patch       test    200  200      200    403    403     401   401      401     403 429     200  404
            patch       other   200  200      404    403    403     401   401      401     403 429     404  200
            rotate      weak    200  200      200    403    403     401   401      401     403 429     403  404
            rotate      strong  200  200      403    403    403     401   401      401     403 429     403  404
            rotate      admin   200  200      403    403    403     401   401      401     403 429     403  404
            rotate      test    200  200      200    403    403     401   401      401     403 429     200  404
            rotate      other   200  200      404    403    403     401   401      401     403 429     404  200
            end-grace   weak    200  200      200    403    403     401   401      401     403 429     403  404
            end-grace   strong  200  200      403    403    403     401   401      401     403 429     403  404
            end-grace   admin   200  200      403    403    403     401   401      401     403 429     403  404
            end-grace   test    200  200      200    403    403     401   401      401     403 429     200  404
            end-grace   other   200  200      404    403    403     401   401      401     403 429     404  200
            disable     weak    200  200      200    403    403     401   401      401     403 429     403  404
            disable     strong  200  200      403    403    403     401   401      401     403 429     403  404
            disable     admin   200  200      403    403    403     401   401      401     403 429     403  404
            disable     test    200  200      200    403    403     401   401      401     403 429     200  404
            disable     other   200  200      404    403    403     401   401      401     403 429     404  200
            enable      weak    200  200      200    403    403     401   401      401     403 429     403  404
            enable      strong  200  200      403    403    403     401   401      401     403 429     403  404
            enable      admin   200  200      403    403    403     401   401      401     403 429     403  404
            enable      test    200  200      200    403    403     401   401      401     403 429     200  404
            enable      other   200  200      404    403    403     401   401      401     403 429     404  200
            revoke      weak    204  204      204    403    403     401   401      401     403 429     403  404
            revoke      strong  204  204      403    403    403     401   401      401     403 429     403  404
            revoke      admin   204  204      403    403    403     401   401      401     403 429     403  404
            revoke      test    204  204      204    403    403     401   401      401     403 429     204  404
            revoke      other   204  204      404    403    403     401   401      401     403 429     404  204
            key         weak    200  200      200    200    403     401   401      401     403 429     200  404
            key         strong  200  200      200    200    403     401   401      401     403 429     200  404
            key         admin   200  200      200    200    403     401   401      401     403 429     200  404
            key         test    200  200      200    200    403     401   401      401     403 429     200  404
            key         other   200  200      404    404    403     401   401      401     403 429     404  200
            usage       weak    200  200      200    200    403     401   401      401     403 429     200  404
            usage       strong  200  200      200    200    403     401   401      401     403 429     200  404
            usage       admin   200  200      200    200    403     401   401      401     403 429     200  404
            usage       test    200  200      200    200    403     401   401      401     403 429     200  404
            usage       other   200  200      404    404    403     401   401      401     403 429     404  200
            perm-usage  weak    200  200      200    200    403     401   401      401     403 429     200  404
            perm-usage  strong  200  200      200    200    403     401   401      401     403 429     200  404
            perm-usage  admin   200  200      200    200    403     401   401      401     403 429     200  404
            perm-usage  test    200  200      200    200    403     401   401      401     403 429     200  404
            perm-usage  other   200  200      404    404    403     401   401      401     403 429     404  200
            networks    weak    200  200      200    200    403     401   401      401     403 429     200  404
            networks    strong  200  200      200    200    403     401   401      401     403 429     200  404
            networks    admin   200  200      200    200    403     401   401      401     403 429     200  404
            networks    test    200  200      200    200    403     401   401      401     403 429     200  404
            networks    other   200  200      404    404    403     401   401      401     403 429     404  200
            events      weak    200  200      403    403    200     401   401      401     403 429     403  403
            events      strong  200  200      403    403    200     401   401      401     403 429     403  403
            events      admin   200  200      403    403    200     401   401      401     403 429     403  403
            events      test    200  200      403    403    200     401   401      401     403 429     403  403
            events      other   200  200      403    403    404     401   401      401     403 429     403  403
            state       weak    200  200      403    403    200     401   401      401     403 429     403  403
            state       strong  200  200      403    403    200     401   401      401     403 429     403  403
            state       admin   200  200      403    403    200     401   401      401     403 429     403  403
            state       test    200  200      403    403    200     401   401      401     403 429     403  403
            state       other   200  200      403    403    404     401   401      401     403 429     403  403
            list        own     200  200      200    200    403     401   401      401     403 429     200  200
            list        B       200  200      404    404    403     401   401      401     403 429     404  200
            anomalies   own     200  200      200    200    403     401   401      401     403 429     200  200
            anomalies   B       200  200      404    404    403     401   401      401     403 429     404  200
            summary     A       200  200      200    200    403     401   401      401     403 429     200  404
            summary     B       200  200      404    404    403     401   401      401     403 429     404  200
            export      A       200  200      403    403    200     401   401      401     403 429     403  403
            export      B       200  200      403    403    404     401   401      401     403 429     403  403
            orgs        all     200  200      200    200    403     401   401      401     403 429     200  200
            org         A       200  200      200    200    403     401   401      401     403 429     200  404
            org         B       200  200      404    404    403     401   401      401     403 429     404  200
            org-patch   A       200  200      403    403    403     401   401      401     403 429     403  403
            org-create  -       201  201      403    403    403     401   401      401     403 429     403  403
            projection  keys    200  200      403    403    403     401   401      401     403 429     403  403
            rebuild     none    404  404      403    403    403     401   401      401     403 429     403  403
            dead-cmd    list    200  200      403    403    403     401   401      401     403 429     403  403
            dead-cmd    retry   404  404      403    403    403     401   401      401     403 429     403  403
            dead-query  list    200  200      403    403    403     401   401      401     403 429     403  403
            dead-query  retry   404  404      403    403    403     401   401      401     403 429     403  403
            kr-create   own     201  201      201    201    201     401   401      401     403 429     201  201
            kr-list     own     200  200      200    200    200     401   401      401     403 429     200  200
            kr-get      A       200  404      404    404    404     401   401      401     403 429     404  404
            kr-approve  A       200  404      403    403    403     401   401      401     403 429     403  403
            kr-deny     A       200  404      403    403    403     401   401      401     403 429     403  403
            kr-claim    A       403  404      404    404    404     401   401      401     403 429     404  404
            kr-claim    self    200  200      200    200    200     401   401      401     403 429     200  200
            kr-events   A       200  200      403    403    200     401   401      401     403 429     403  403
            wh-create   A       201  201      403    403    403     401   401      401     403 429     403  403
            wh-list     A       200  200      403    403    403     401   401      401     403 429     403  403
            wh-get      A       200  200      403    403    403     401   401      401     403 429     403  403
            wh-patch    A       200  200      403    403    403     401   401      401     403 429     403  403
            wh-rotate   A       200  200      403    403    403     401   401      401     403 429     403  403
            wh-test     A       202  202      403    403    403     401   401      401     403 429     403  403
            wh-log      A       200  200      403    403    403     401   401      401     403 429     403  403
            wh-delete   A       204  204      403    403    403     401   401      401     403 429     403  403
            me          self    200  200      200    200    200     401   401      401     403 429     200  200
            org-usage   A       200  200      200    200    403     401   401      401     403 429     200  404
            org-usage   B       200  200      404    404    403     401   401      401     403 429     404  200
            top-keys    A       200  200      200    200    403     401   401      401     403 429     200  404
            top-keys    B       200  200      404    404    403     401   401      401     403 429     404  200
            projections all     200  200      403    403    403     401   401      401     403 429     403  403
            leaks       garbage 202  202      202    202    202     202   202      202     202 202     202  202
            leaks       unknown 202  202      202    202    202     202   202      202     202 202     202  202
            credits     weak    200  200      200    403    403     401   401      401     403 429     403  404
            credits     strong  200  200      403    403    403     401   401      401     403 429     403  404
            credits     admin   200  200      403    403    403     401   401      401     403 429     403  404
            credits     test    200  200      200    403    403     401   401      401     403 429     200  404
            credits     other   200  200      404    403    403     401   401      401     403 429     404  200
            lease       weak    200  200      403    403    403     401   401      401     403 429     403  403
            lease       other   200  200      403    403    403     401   401      401     403 429     403  403
            lease-ret   weak    200  200      403    403    403     401   401      401     403 429     403  403
            """;

    private static final List<String> WRITER = List.of("keys:write", "keys:read", "tasks:read");

    private LocalStack stack;
    private Api api;
    private String orgA;
    private String orgB;
    private final Map<String, String> callers = new LinkedHashMap<>();
    private final Map<String, Api.Key> targets = new LinkedHashMap<>();
    /** A key of A that asks for keys (the kr-* rows' requester; no caller column is it, so four eyes never decides a cell). */
    private String requester;
    private String pendingRequest;
    private String approvedRequest;
    private String webhook;

    @BeforeAll
    void callersAndTargets(LocalStack stack) {
        this.stack = stack;
        api = new Api(stack);
        orgA = api.createOrganization("matrix A", "enterprise");
        orgB = api.createOrganization("matrix B", "enterprise");
        // the expired caller first: its expiry runs out while the others are made
        Api.Key expired = create(body(orgA, "live", WRITER, "expired caller").with("expires_at",
                Instant.now().plusSeconds(20).toString()));
        callers.put("admin", key(orgA, "live", List.of("admin:*"), "admin caller"));
        callers.put("platform", api.admin);
        callers.put("writer", key(orgA, "live", WRITER, "writer caller"));
        callers.put("reader", key(orgA, "live", List.of("keys:read"), "reader caller"));
        callers.put("auditor", key(orgA, "live", List.of("audit:read"), "auditor caller"));
        callers.put("grace", graceSecret());
        callers.put("disabled", disabledCaller());
        callers.put("expired", expired.key());
        callers.put("ip", known(create(body(orgA, "live", WRITER, "ip caller")
                .with("restrictions", Map.of("ip_allowlist", List.of("203.0.113.0/24"))))));
        callers.put("limited", known(create(body(orgA, "live", WRITER, "limited caller")
                .with("rate_limit", Map.of("per_minute", 1)))));
        callers.put("test", key(orgA, "test", WRITER, "test caller"));
        callers.put("other", key(orgB, "live", WRITER, "other caller"));
        for (String kind : TARGETS) {
            targets.put(kind, target(kind, "target"));
        }
        // A wants approval for platform permissions: the kr-* rows' requests are pending until decided
        assertThat(Http.patch(stack.command("/v1/organizations/" + orgA), api.admin,
                Map.of("policy", Map.of("approval_required_for", List.of("keys:*")))).status()).isEqualTo(200);
        requester = key(orgA, "live", List.of("tasks:read"), "requester");
        pendingRequest = pendingRequest();
        approvedRequest = pendingRequest();
        assertThat(Http.post(stack.command("/v1/key-requests/" + approvedRequest + "/approve"),
                callers.get("admin"), Map.of()).status()).isEqualTo(200);
        webhook = newWebhook();
        awaitRefused(expired.key());
        // the read model must know every target, or a 404 would prove nothing
        for (Api.Key target : targets.values()) {
            await().atMost(Api.PROPAGATION).until(() -> Http.get(
                    stack.query("/v1/api-keys/" + target.id() + "?organization_id=" + target.organizationId()),
                    api.admin).status() == 200);
        }
    }

    @Test
    void everyCellAnswersAsWritten() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (String line : EXPECTED.strip().split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] cols = line.trim().split("\\s+");
            assertThat(cols).as("row %s", line).hasSize(2 + CALLERS.size());
            for (int c = 0; c < CALLERS.size(); c++) {
                String caller = CALLERS.get(c);
                int expected = Integer.parseInt(cols[2 + c]);
                Http.Answer answer = call(cols[0], cols[1], caller, expected);
                cells++;
                if (answer.status() != expected) {
                    wrong.add("%s %s by %s: expected %d, got %d %s".formatted(
                            cols[0], cols[1], caller, expected, answer.status(), answer.raw().body()));
                } else if (expected >= 400 && !answer.body().path("detail").isTextual()) {
                    wrong.add("%s %s by %s: %d without a problem detail: %s".formatted(
                            cols[0], cols[1], caller, expected, answer.raw().body()));
                }
            }
        }
        assertThat(cells).as("cells walked").isGreaterThan(60 * CALLERS.size());
        assertThat(wrong).as("cells that answered otherwise than written").isEmpty();
    }

    /** Sends one cell's call. A change expected to succeed gets a fresh target of the kind, so cells do not interfere. */
    private Http.Answer call(String endpoint, String target, String caller, int expected) {
        String bearer = callers.get(caller);
        boolean command = !Endpoints.QUERY.contains(endpoint);
        if (caller.equals("limited")) {
            spendLimit(bearer, command);
        }
        Api.Key t = targets.get(target);
        if (expected < 300 && Endpoints.CHANGES.contains(endpoint)) {
            t = target(target, endpoint + " by " + caller);
        }
        String org = "B".equals(target) || "other".equals(target) ? orgB : orgA;
        String scope = "?organization_id=" + (t != null ? t.organizationId() : org);
        Http.Answer answer = switch (endpoint) {
            case "create" -> Http.post(stack.command("/v1/api-keys"), bearer, targetBody(target, "created by " + caller));
            case "patch" -> Http.patch(stack.command("/v1/api-keys/" + t.id()), bearer, Map.of("name", "patched by " + caller));
            case "rotate" -> Http.post(stack.command("/v1/api-keys/" + t.id() + "/rotate"), bearer, Map.of());
            case "end-grace" -> Http.post(stack.command("/v1/api-keys/" + t.id() + "/end-grace"), bearer, Map.of());
            case "disable", "enable" -> Http.post(stack.command("/v1/api-keys/" + t.id() + "/" + endpoint), bearer, Map.of());
            case "revoke" -> Http.delete(stack.command("/v1/api-keys/" + t.id()), bearer);
            case "key" -> Http.get(stack.query("/v1/api-keys/" + t.id() + scope), bearer);
            case "usage" -> Http.get(stack.query("/v1/api-keys/" + t.id() + "/usage" + scope), bearer);
            case "perm-usage" -> Http.get(stack.query("/v1/api-keys/" + t.id() + "/permission-usage" + scope), bearer);
            case "networks" -> Http.get(stack.query("/v1/api-keys/" + t.id() + "/networks" + scope), bearer);
            case "events" -> Http.get(stack.query("/v1/api-keys/" + t.id() + "/events" + scope), bearer);
            case "state" -> Http.get(stack.query("/v1/api-keys/" + t.id() + "/state" + scope + "&at=" + Instant.now()), bearer);
            case "list" -> Http.get(stack.query("/v1/api-keys" + ("B".equals(target) ? scope : "")), bearer);
            case "anomalies" -> Http.get(stack.query("/v1/anomalies" + ("B".equals(target) ? scope : "")), bearer);
            case "summary" -> Http.get(stack.query("/v1/organizations/" + org + "/summary"), bearer);
            case "export" -> Http.get(stack.query("/v1/audit/export" + scope + "&from="
                    + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plusSeconds(60)), bearer);
            case "orgs" -> Http.get(stack.query("/v1/organizations"), bearer);
            case "org" -> Http.get(stack.query("/v1/organizations/" + org), bearer);
            case "org-patch" -> Http.patch(stack.command("/v1/organizations/" + org), bearer, Map.of("name", "matrix A"));
            case "org-create" -> Http.post(stack.command("/v1/organizations"), bearer,
                    Map.of("name", "made by " + caller, "plan", "free"));
            case "projection" -> Http.get(stack.query("/v1/admin/projections/keys-read-model"), bearer);
            case "rebuild" -> Http.post(stack.query("/v1/admin/projections/no-such-projection/rebuild"), bearer, Map.of());
            case "dead-cmd" -> deadLetters(stack::command, target, bearer);
            case "dead-query" -> deadLetters(stack::query, target, bearer);
            case "kr-create" -> Http.post(stack.command("/v1/key-requests"), bearer,
                    Map.of("name", "asked by " + caller, "permissions", List.of("tasks:read")));
            case "kr-list" -> Http.get(stack.command("/v1/key-requests"), bearer);
            case "kr-get" -> Http.get(stack.command("/v1/key-requests/" + pendingRequest), bearer);
            case "kr-approve", "kr-deny" -> Http.post(stack.command("/v1/key-requests/"
                    + (expected < 300 ? pendingRequest() : pendingRequest) + "/" + endpoint.substring(3)), bearer, Map.of());
            case "kr-claim" -> Http.post(stack.command("/v1/key-requests/"
                    + ("self".equals(target) ? ownApprovedRequest(bearer) : approvedRequest) + "/claim"), bearer, Map.of());
            case "kr-events" -> Http.get(stack.query("/v1/key-requests/" + pendingRequest + "/events?organization_id="
                    + orgA), bearer);
            case "wh-create" -> Http.post(stack.command("/v1/webhooks"), bearer, webhookBody());
            case "wh-list" -> Http.get(stack.command("/v1/webhooks?organization_id=" + orgA), bearer);
            case "wh-get" -> Http.get(stack.command("/v1/webhooks/" + webhook), bearer);
            case "wh-patch" -> Http.patch(stack.command("/v1/webhooks/" + webhook), bearer, Map.of("description", "by " + caller));
            case "wh-rotate" -> Http.post(stack.command("/v1/webhooks/" + webhook + "/rotate-secret"), bearer, Map.of());
            case "wh-test" -> Http.post(stack.command("/v1/webhooks/" + webhook + "/test"), bearer, Map.of());
            case "wh-log" -> Http.get(stack.command("/v1/webhooks/" + webhook + "/deliveries"), bearer);
            case "wh-delete" -> Http.delete(stack.command("/v1/webhooks/"
                    + (expected < 300 ? newWebhook() : webhook)), bearer);
            case "me" -> Http.get(stack.query("/v1/me"), bearer);
            case "org-usage" -> Http.get(stack.query("/v1/organizations/" + org + "/usage"), bearer);
            case "top-keys" -> Http.get(stack.query("/v1/organizations/" + org + "/top-keys"), bearer);
            case "projections" -> Http.get(stack.query("/v1/admin/projections"), bearer);
            case "leaks" -> leakReport(target, bearer);
            case "credits" -> Http.post(stack.command("/v1/api-keys/" + t.id() + "/credits"), bearer,
                    Map.of("op", "set", "amount", 10));
            // credits:lease only (admin:* has it): a validator's service key; the target has no credits, so 0 granted
            case "lease" -> Http.post(stack.command("/v1/credit-leases"), bearer, Map.of("key_id", t.id(),
                    "lease_id", "matrix-" + UUID.randomUUID(), "holder", "matrix", "requested", 5));
            case "lease-ret" -> Http.post(stack.command("/v1/credit-leases/matrix-unknown/return"), bearer,
                    Map.of("key_id", t.id(), "unspent", 0));
            default -> throw new IllegalArgumentException("no endpoint " + endpoint);
        };
        String plaintext = answer.body().path("key").asText(null);
        SharedStack.remember(plaintext);
        return answer;
    }

    private int leakCells;

    /**
     * POST /v1/leaks needs no key and looks at none: every caller gets 202 for garbage and for a
     * well-formed key no one holds. Each cell reports from an address of its own (the stack trusts
     * loopback as a proxy), so the per-address limit of leak reports does not decide a cell.
     */
    private Http.Answer leakReport(String target, String bearer) {
        String key = "garbage".equals(target) ? "not a key at all"
                : io.keyledger.api.keys.ApiKeyFormat.generate(io.keyledger.api.keys.Environment.LIVE, new java.security.SecureRandom());
        String body = "{\"keys\":[\"" + key + "\"],\"source_url\":\"https://example.com/matrix\"}";
        return Http.send(Http.request(stack.command("/v1/leaks"), bearer).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "192.0.2." + (++leakCells))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A pending request of A by {@link #requester}: it asks for keys:read, which A's policy wants approved. */
    private String pendingRequest() {
        Http.Answer asked = Http.post(stack.command("/v1/key-requests"), requester,
                Map.of("name", "matrix request", "permissions", List.of("keys:read")));
        assertThat(asked.status()).as("request: %s", asked.raw().body()).isEqualTo(201);
        assertThat(asked.body().path("status").asText()).isEqualTo("pending");
        return asked.body().path("id").asText();
    }

    /**
     * The caller's own request for what A approves at once, or an id that cannot be found when the
     * caller may not ask (its cell's status then comes from authentication, like the others').
     */
    private String ownApprovedRequest(String bearer) {
        Http.Answer asked = Http.post(stack.command("/v1/key-requests"), bearer,
                Map.of("name", "self claim", "permissions", List.of("tasks:read")));
        return asked.status() == 201 ? asked.body().path("id").asText() : "kr_none";
    }

    /** A webhook endpoint of organization A, made by the platform admin (the local stack allows loopback http). */
    private String newWebhook() {
        Http.Answer created = Http.post(stack.command("/v1/webhooks"), api.admin, webhookBody());
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private Map<String, Object> webhookBody() {
        return Map.of("url", "http://127.0.0.1:9/matrix", "events", List.of("key.revoked"), "organization_id", orgA);
    }

    private static Http.Answer deadLetters(Function<String, URI> service, String what, String bearer) {
        return what.equals("list")
                ? Http.get(service.apply("/v1/admin/dead-letters"), bearer)
                : Http.post(service.apply("/v1/admin/dead-letters/no-such-group/retry"), bearer, Map.of());
    }

    /** Which endpoints run on query-service, and which change their target for good (a fresh one per allowed cell). */
    private static final class Endpoints {
        static final java.util.Set<String> QUERY = java.util.Set.of(
                "key", "usage", "events", "state", "list", "anomalies", "summary", "export", "orgs", "org",
                "projection", "rebuild", "dead-query", "kr-events", "me",
                "org-usage", "top-keys", "projections",
                "perm-usage", "networks");
        static final java.util.Set<String> CHANGES = java.util.Set.of("revoke");
    }

    /** Spends the limited caller's own per-minute limit on this service, so that the cell's call is over it. */
    private void spendLimit(String bearer, boolean command) {
        for (int i = 0; i < 5; i++) {
            if (probe(command, bearer) == 429) {
                return;
            }
        }
        throw new AssertionError("the limited caller's own rate limit never answered 429 on "
                + (command ? "command" : "query") + "-service");
    }

    /** The status a harmless call by this bearer gets: a PATCH (command) or GET (query) of a key that does not exist. */
    private int probe(boolean command, String bearer) {
        String path = "/v1/api-keys/" + UUID.randomUUID();
        return command ? Http.patch(stack.command(path), bearer, Map.of("name", "probe")).status()
                : Http.get(stack.query(path), bearer).status();
    }

    private void awaitRefused(String bearer) {
        await().atMost(Api.PROPAGATION).until(() -> probe(true, bearer) == 401 && probe(false, bearer) == 401);
    }

    /** A writer whose secret was rotated away with an hour of grace: the validator still accepts it, management does not. */
    private String graceSecret() {
        Api.Key key = create(body(orgA, "live", WRITER, "grace caller"));
        api.awaitKnown(key.key());
        Http.Answer rotated = Http.post(stack.command("/v1/api-keys/" + key.id() + "/rotate"), api.admin,
                Map.of("grace_period_seconds", 3600));
        assertThat(rotated.status()).as("rotate: %s", rotated.raw().body()).isEqualTo(200);
        SharedStack.remember(rotated.body().path("key").asText());
        awaitRefused(key.key());
        assertThat(api.verify(key.key(), List.of()).path("code").asText())
                .as("a secret inside its grace still verifies").isEqualTo("VALID");
        return key.key();
    }

    private String disabledCaller() {
        Api.Key key = create(body(orgA, "live", WRITER, "disabled caller"));
        api.awaitKnown(key.key());
        assertThat(Http.post(stack.command("/v1/api-keys/" + key.id() + "/disable"), api.admin, Map.of()).status())
                .isEqualTo(200);
        awaitRefused(key.key());
        return key.key();
    }

    private String key(String organizationId, String environment, List<String> permissions, String name) {
        return known(create(body(organizationId, environment, permissions, name)));
    }

    private String known(Api.Key key) {
        api.awaitKnown(key.key());
        return key.key();
    }

    /** A target key of this kind, made by the platform admin. */
    private Api.Key target(String kind, String name) {
        return create(targetBody(kind, name + " " + kind));
    }

    private Body targetBody(String kind, String name) {
        return switch (kind) {
            case "weak" -> body(orgA, "live", List.of("tasks:read"), name);
            case "strong" -> body(orgA, "live", List.of("keys:write", "keys:read", "audit:read"), name);
            case "admin" -> body(orgA, "live", List.of("admin:*"), name);
            case "test" -> body(orgA, "test", List.of("tasks:read"), name);
            case "other" -> body(orgB, "live", List.of("tasks:read"), name);
            default -> null; // organization-level rows have no target key
        };
    }

    private Api.Key create(Body body) {
        return api.create(api.admin, body);
    }

    private static Body body(String organizationId, String environment, List<String> permissions, String name) {
        return new Body().with("name", name).with("organization_id", organizationId)
                .with("environment", environment).with("permissions", permissions);
    }

    /** A request body that reads like the call it makes. */
    static final class Body extends HashMap<String, Object> {
        Body with(String field, Object value) {
            put(field, value);
            return this;
        }
    }
}
