package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Abuse limits (issue 6, item 5): request bodies, headers, page sizes, export and usage
 * ranges and keys per organization are bounded, and brute-force guessing of keys shows up as
 * an anomaly without slowing down verification of other keys (the latencies are measured and
 * printed, not asserted).
 */
@ExtendWith(SharedStack.class)
@Order(20)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseLimitsIT {

    static final int MAX_BODY = 64 * 1024;
    /** 3 threads of guesses: far above the anomaly rules' per-minute thresholds, small enough for CI. */
    static final int GUESSES_PER_THREAD = 700;

    private LocalStack stack;
    private Api api;
    private Api.Key manager;
    private String someKeyId;

    @BeforeAll
    void setUp(LocalStack stack) {
        this.stack = stack;
        api = new Api(stack);
        String org = api.createOrganization("abuse", "enterprise");
        manager = api.createKey(org, "abuse manager", List.of("keys:write", "keys:read", "audit:read"));
        someKeyId = api.createKey(org, "abuse target", List.of("tasks:read")).id();
    }

    private Map<String, URI> bodyEndpoints() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /v1/organizations", stack.command("/v1/organizations"));
        endpoints.put("POST /v1/api-keys", stack.command("/v1/api-keys"));
        endpoints.put("PATCH /v1/api-keys/{id}", stack.command("/v1/api-keys/" + someKeyId));
        endpoints.put("POST /v1/api-keys/{id}/rotate", stack.command("/v1/api-keys/" + someKeyId + "/rotate"));
        endpoints.put("POST /v1/verify", stack.validator("/v1/verify"));
        return endpoints;
    }

    @Test
    void bodiesOver64KiBAre413WithContentLengthAndChunked() throws Exception {
        for (Map.Entry<String, URI> e : bodyEndpoints().entrySet()) {
            String bearer = e.getKey().contains("organizations") ? api.admin : manager.key();
            String method = e.getKey().split(" ")[0];
            for (int size : new int[] {MAX_BODY + 1, 10 * 1024 * 1024}) {
                String body = "{\"description\":\"" + "x".repeat(size) + "\"}";
                Http.Answer answer = Http.send(Http.request(e.getValue(), bearer).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)));
                assertThat(answer.status()).as("%s with %d bytes: %s", e.getKey(), body.length(), answer.raw().body()).isEqualTo(413);
                assertThat(answer.header("Content-Type")).as(e.getKey()).startsWith("application/problem+json");
            }
            // no Content-Length: the limit must hold while streaming, not only on the declared size
            byte[] chunked = chunkedRequest(method, e.getValue(), bearer, 2 * 1024 * 1024);
            RawHttp.Answer answer = RawHttp.send(e.getValue().getPort(), chunked, 15_000);
            assertThat(answer.timedOut()).as("%s chunked: answered in time", e.getKey()).isFalse();
            assertThat(answer.status()).as("%s chunked 2 MiB: %s", e.getKey(), answer.body()).isEqualTo(413);
        }
    }

    private static byte[] chunkedRequest(String method, URI uri, String bearer, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = method + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');
        // a valid start, so that the JSON parser keeps reading instead of failing on the first byte
        String start = "{\"description\":\"";
        out.writeBytes((Integer.toHexString(start.length()) + "\r\n" + start + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void oversizedHeadersAreRefusedWithout5xxOrHangAndTheServicesStayUp() throws Exception {
        Map<String, Integer> ports = Map.of("command-service", stack.commandPort, "query-service", stack.queryPort,
                "validator-service", stack.validatorPort);
        Map<String, String> paths = Map.of("command-service", "/v1/api-keys/" + someKeyId + "/disable",
                "query-service", "/v1/api-keys/" + someKeyId, "validator-service", "/v1/rate-limit");
        List<String> report = new ArrayList<>();
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            for (int size : new int[] {16 * 1024, 128 * 1024, 2 * 1024 * 1024}) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Authorization", "Bearer " + manager.key());
                headers.put("X-Padding", "p".repeat(size));
                RawHttp.Answer answer = RawHttp.send(p.getValue(),
                        RawHttp.request("GET", paths.get(p.getKey()), headers, null), 15_000);
                report.add(p.getKey() + " header of " + size + " bytes → " + answer.status());
                assertThat(answer.timedOut()).as("%s, %d-byte header: answered in time", p.getKey(), size).isFalse();
                if (size > 64 * 1024) {
                    assertThat(answer.status()).as("%s, %d-byte header", p.getKey(), size).isIn(400, 413, 431, -1);
                } else {
                    // a service may accept headers this big (a forward-auth validator sees the proxy's headers)
                    assertThat(answer.status()).as("%s, %d-byte header", p.getKey(), size).isBetween(-1, 499);
                }
            }
            assertThat(LocalStack.ready(p.getKey().equals("validator-service") ? stack.validatorManagementPort : p.getValue()))
                    .as(p.getKey() + " still ready").isTrue();
        }
        System.out.println("oversized headers: " + report);
    }

    @Test
    void pageSizesAreBounded() {
        for (String limit : List.of("-1", "0", "abc", "1e3", "99999999999999999999")) {
            Http.Answer answer = Http.get(stack.query("/v1/api-keys?limit=" + limit), manager.key());
            assertThat(answer.status()).as("limit=%s: %s", limit, answer.raw().body()).isEqualTo(400);
        }
        Http.Answer huge = Http.get(stack.query("/v1/api-keys?limit=1000000"), manager.key());
        System.out.println("GET /v1/api-keys?limit=1000000 → " + huge.status());
        if (huge.status() == 200) {
            assertThat(huge.body().path("data").size()).as("a page is capped").isLessThanOrEqualTo(1000);
        } else {
            assertThat(huge.status()).as(huge.raw().body()).isEqualTo(400);
        }
        Http.Answer garbage = Http.get(stack.query("/v1/api-keys?cursor=" + "A".repeat(4000)), manager.key());
        assertThat(garbage.status()).as("a forged cursor: %s", garbage.raw().body()).isEqualTo(400);
    }

    @Test
    void exportAndUsageRangesAreBounded() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String hourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/v1/audit/export?from=" + now + "&to=" + hourAgo + "&format=ndjson", 400);
        cases.put("/v1/audit/export?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&format=ndjson", 400);
        cases.put("/v1/audit/export?from=-999999999-01-01T00:00:00Z&to=" + now + "&format=csv", 400);
        cases.put("/v1/audit/export?from=" + hourAgo + "&to=" + now + "&format=xml", 400);
        cases.put("/v1/api-keys/" + someKeyId + "/usage?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&interval=minute", 400);
        cases.put("/v1/api-keys/" + someKeyId + "/usage?from=" + now + "&to=" + hourAgo + "&interval=minute", 400);
        cases.put("/v1/api-keys/" + someKeyId + "/usage?from=" + hourAgo + "&to=" + now + "&interval=fortnight", 400);
        cases.put("/v1/audit/export?from=" + hourAgo + "&to=" + now + "&format=ndjson", 200);
        cases.put("/v1/api-keys/" + someKeyId + "/usage?from=" + hourAgo + "&to=" + now + "&interval=minute", 200);
        List<String> wrong = new ArrayList<>();
        cases.forEach((path, expected) -> {
            Http.Answer answer = Http.get(stack.query(path), manager.key());
            if (answer.status() != expected) {
                wrong.add(path + " → " + answer.status() + " (expected " + expected + ") " + abbreviate(answer.raw().body()));
            }
        });
        assertThat(wrong).as("unbounded or wrongly refused ranges").isEmpty();
    }

    @Test
    void keysPerOrganizationAreBounded() {
        String org = api.createOrganization("key hoarder", "free");
        int created = 0;
        Http.Answer refusal = null;
        for (int i = 0; i < SharedStack.KEYS_PER_ORGANIZATION + 5; i++) {
            Http.Answer answer = Http.post(stack.command("/v1/api-keys"), api.admin,
                    Map.of("name", "hoard " + i, "organization_id", org, "permissions", List.of("tasks:read")));
            if (answer.status() == 201) {
                created++;
                SharedStack.remember(answer.body().path("key").asText());
            } else {
                refusal = answer;
                break;
            }
        }
        assertThat(refusal).as("no refusal after %d keys: is the limit configurable as %s?", created,
                SharedStack.limitEnvironment().keySet()).isNotNull();
        assertThat(created).as("keys created before the refusal").isEqualTo(SharedStack.KEYS_PER_ORGANIZATION);
        assertThat(refusal.status()).as(refusal.raw().body()).isIn(403, 409, 422, 429);
        assertThat(refusal.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void bruteForceGuessingIsAnAnomalyAndOtherKeysStillVerify() throws Exception {
        String org = api.createOrganization("brute force victim", "enterprise");
        Map<String, Object> body = new HashMap<>();
        body.put("name", "legitimate");
        body.put("organization_id", org);
        body.put("permissions", List.of("tasks:read"));
        body.put("rate_limit", Map.of("per_second", 100_000, "burst", 100_000, "per_minute", 1_000_000,
                "per_hour", 10_000_000, "per_day", 100_000_000));
        Api.Key legit = api.create(api.admin, body);
        api.awaitKnown(legit.key());
        String attacker = "203.0.113.66";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        long[] baseline = latencies(client, legit.key(), 400, null);
        AtomicLong guesses = new AtomicLong();
        ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
        List<Thread> attackers = new ArrayList<>();
        Instant attackStart = Instant.now();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                for (int i = 0; i < GUESSES_PER_THREAD; i++) {
                    String guess = ApiKeyFormat.generate(Environment.LIVE, random);
                    String code = post(client, guess, attacker).path("code").asText();
                    guesses.incrementAndGet();
                    // a per-IP limit on failures is a fine defence too
                    if (!"NOT_FOUND".equals(code) && !"RATE_LIMITED".equals(code)) {
                        found.add(code);
                    }
                }
            });
            attackers.add(thread);
            thread.start();
        }
        List<String> legitCodes = new ArrayList<>();
        long[] underAttack = latencies(client, legit.key(), 400, legitCodes);
        for (Thread t : attackers) {
            t.join();
        }
        double attackSeconds = Duration.between(attackStart, Instant.now()).toMillis() / 1000.0;
        System.out.printf("brute force: %d guesses from %s in %.1f s (%.0f/s); legitimate key latency (µs) "
                        + "p50/p90/p99 before %d/%d/%d, during %d/%d/%d%n", guesses.get(), attacker, attackSeconds,
                guesses.get() / attackSeconds, pct(baseline, 50), pct(baseline, 90), pct(baseline, 99),
                pct(underAttack, 50), pct(underAttack, 90), pct(underAttack, 99));
        assertThat(found).as("guesses that were anything but NOT_FOUND").isEmpty();
        assertThat(legitCodes).as("the legitimate key during the attack").containsOnly("VALID");

        JsonNode anomaly = await().atMost(Api.PROPAGATION).pollInterval(Duration.ofSeconds(1)).until(
                () -> findAnomaly(attacker), a -> a != null);
        System.out.println("brute force anomaly: " + anomaly);
        assertThat(anomaly.path("detected_at").asText()).isNotEmpty();
    }

    private JsonNode findAnomaly(String ip) {
        Http.Answer answer = Http.get(stack.query("/v1/anomalies?since=" + Instant.now().minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)), api.admin);
        if (answer.status() != 200) {
            return null;
        }
        for (JsonNode a : answer.body().path("data")) {
            if (a.toString().contains(ip)) {
                return a;
            }
        }
        return null;
    }

    private long[] latencies(HttpClient client, String key, int n, List<String> codes) {
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            JsonNode verdict = post(client, key, "198.51.100.10");
            micros[i] = (System.nanoTime() - start) / 1000;
            if (codes != null) {
                codes.add(verdict.path("code").asText());
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    private JsonNode post(HttpClient client, String key, String ip) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(stack.validator("/v1/verify"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\",\"permissions\":[\"tasks:read\"],\"ip\":\""
                            + ip + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            return Http.JSON.readTree(response.body());
        } catch (Exception e) {
            return Http.JSON.getNodeFactory().textNode("error " + e);
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
