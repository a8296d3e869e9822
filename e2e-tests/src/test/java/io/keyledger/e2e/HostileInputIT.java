package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input over every endpoint of the three services (issue 6, item 2): a generated
 * corpus, reproducible from its seed, of malformed JSON, wrong types, huge numbers, deep
 * nesting, control and bidi characters, NoSQL/SQL operators in every field, header
 * injection, very long headers, hostile path segments and query parameters, wrong content
 * types and methods. Every answer must be below 500 and arrive within the client timeout,
 * every error must be problem+json, and the services must still be healthy afterwards.
 *
 * <p>{@code -De2e.fuzz.cases=N} and {@code -De2e.fuzz.seed=S} change the run.
 */
@ExtendWith(SharedStack.class)
@Order(30)
class HostileInputIT {

    static final int CASES = Integer.getInteger("e2e.fuzz.cases", 10_000);
    static final long SEED = Long.getLong("e2e.fuzz.seed", System.nanoTime());
    static final int THREADS = 4;
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    enum Svc { COMMAND, QUERY, VALIDATOR }

    /**
     * One endpoint: {@code {id}} in the path is a key id; {@code sample} is a valid body
     * (null: no body); {@code params} are its query parameters with valid values.
     */
    record Endpoint(Svc svc, String method, String path, Map<String, Object> sample, Map<String, String> params,
                    Auth auth) {
    }

    enum Auth { ORG_KEY, ADMIN, NONE, VERIFIED_KEY }

    /** A generated case, described well enough to replay it by hand. */
    record Case(int n, Endpoint endpoint, String mutation, String description) {
    }

    private final LongAdder sent = new LongAdder();
    private final Map<String, LongAdder> statusCounts = new ConcurrentHashMap<>();
    private final LongAdder cases = new LongAdder();
    /** Failures by kind, so that the report tells a crash from a cosmetic gap. */
    private final Map<String, ConcurrentLinkedQueue<String>> failures = new ConcurrentHashMap<>();

    static final String SERVER_ERROR = "5xx answers";
    static final String HANG = "no answer within the client timeout";
    static final String CLIENT = "requests the test could not send";
    static final String INJECTED = "injected header came back";
    static final String NOT_PROBLEM = "errors from the application that are not problem+json";
    static final String CONNECTOR = "errors from Tomcat itself (before the application: its HTML error page or no body)";

    private void fail(String kind, String what) {
        failures.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(what);
    }

    @Test
    void everyEndpointAnswersHostileInputWithA4xxProblemAndStaysHealthy(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String fuzzOrg = api.createOrganization("fuzz org", "enterprise");
        Api.Key org = api.createKey(fuzzOrg, "fuzz caller", List.of("keys:write", "keys:read", "audit:read", "tasks:read"));
        List<String> victims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            victims.add(api.createKey(fuzzOrg, "fuzz victim " + i, List.of("tasks:read")).id());
        }
        List<Endpoint> endpoints = endpoints(fuzzOrg);
        Map<Auth, String> bearer = Map.of(Auth.ORG_KEY, org.key(), Auth.ADMIN, api.admin, Auth.VERIFIED_KEY, org.key());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(THREADS)).build();
        System.out.printf("hostile input: %d cases, seed %d (-De2e.fuzz.seed=%d to replay)%n", CASES, SEED, SEED);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < CASES; n = next.getAndIncrement()) {
                    // one Random per case: case n is the same whatever thread runs it
                    Random random = new Random(SEED * 31 + n);
                    Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
                    runCase(stack, client, bearer, victims, n, endpoint, random);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(20, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hostile input: %d cases, %d requests in %.1f s (%.0f/s), by status: %s%n",
                cases.sum(), sent.sum(), seconds, sent.sum() / seconds, new java.util.TreeMap<>(statusCounts));
        failures.forEach((kind, list) -> System.out.printf("hostile input: %d %s, e.g.%n  %s%n", list.size(), kind,
                String.join("\n  ", list.stream().limit(8).toList())));

        // still healthy, still doing its job
        for (int port : List.of(stack.commandPort, stack.queryPort, stack.validatorManagementPort)) {
            assertThat(LocalStack.ready(port)).as("readiness of :%d after the fuzz run", port).isTrue();
        }
        // in an organization of its own: the fuzzer may have filled its own up to the keys-per-organization limit
        Api.Key after = api.createKey(api.createOrganization("after the fuzz", "free"), "after the fuzz", List.of("tasks:read"));
        assertThat(api.verify(after.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(cases.sum()).as("cases run").isGreaterThanOrEqualTo(CASES);
        for (String kind : List.of(SERVER_ERROR, HANG, CLIENT, INJECTED, NOT_PROBLEM, CONNECTOR)) {
            ConcurrentLinkedQueue<String> list = failures.getOrDefault(kind, new ConcurrentLinkedQueue<>());
            soft.assertThat(list.size()).as("%s (seed %d); first ones:%n%s", kind, SEED,
                    String.join("\n", list.stream().limit(15).toList())).isZero();
        }
        soft.assertAll();
    }

    /**
     * The cases issue 12 reported, replayed one by one: each gets a clean 4xx problem that names
     * what it refused (never a class name or a 500), or a closed connection where RFC 9112 asks
     * for one, and the read model keeps serving afterwards (no event wedged a processor).
     */
    @Test
    void theReportedCasesGetA4xxOrAClosedConnection(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("reported cases", "enterprise");
        Api.Key writer = api.createKey(org, "reported cases writer", List.of("keys:write", "keys:read", "audit:read", "tasks:read"));
        String id = api.createKey(org, "reported cases target", List.of("tasks:read")).id();
        SoftAssertions soft = new SoftAssertions();

        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("expires_at far beyond 9999", "{\"name\":\"far\",\"expires_at\":\"+292278995-01-01T00:00:00Z\"}");
        bodies.put("expires_at before 1970", "{\"name\":\"early\",\"expires_at\":\"1969-12-31T23:59:59Z\"}");
        bodies.put("trailing content", "{\"name\":\"a\"} {\"name\":\"b\",\"permissions\":[\"admin:*\"]}");
        bodies.put("number for a name", "{\"name\":5}");
        bodies.put("fraction for per_minute", "{\"name\":\"x\",\"rate_limit\":{\"per_minute\":7.9}}");
        bodies.put("string for burst", "{\"name\":\"x\",\"rate_limit\":{\"burst\":\"5\"}}");
        bodies.put("number for expires_at", "{\"name\":\"x\",\"expires_at\":4102444800}");
        bodies.put("name of U+3164 fillers", "{\"name\":\"\u3164\u3164\"}");
        bodies.put("name of no-break spaces", "{\"name\":\"\u00a0\u00a0\"}");
        bodies.put("name of braille blanks", "{\"name\":\"\u2800\"}");
        bodies.put("name holding U+2028", "{\"name\":\"a\u2028b\"}");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Http.Answer answer = Http.post(stack.command("/v1/api-keys"), writer.key(), body.getValue());
            soft.assertThat(answer.status()).as("%s: %s", body.getKey(), answer.raw().body()).isEqualTo(400);
            soft.assertThat(answer.raw().body()).as(body.getKey()).doesNotContain("Exception").doesNotContain("java.");
        }
        Map<String, byte[]> encodings = new LinkedHashMap<>();
        encodings.put("UTF-16 body", "{\"name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16));
        encodings.put("overlong UTF-8 slash", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xc0, (byte) 0xaf, 'b', '"', '}'});
        for (Map.Entry<String, byte[]> body : encodings.entrySet()) {
            Http.Answer answer = Http.send(Http.request(stack.command("/v1/api-keys"), writer.key())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body.getValue())));
            soft.assertThat(answer.status()).as("%s: %s", body.getKey(), answer.raw().body()).isIn(400, 415);
        }
        Http.Answer utf16 = Http.send(Http.request(stack.command("/v1/api-keys"), writer.key())
                .header("Content-Type", "application/json; charset=UTF-16")
                .POST(HttpRequest.BodyPublishers.ofByteArray("{\"name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16))));
        soft.assertThat(utf16.status()).as("declared UTF-16: %s", utf16.raw().body()).isEqualTo(415);

        List<URI> farInstants = List.of(
                stack.query("/v1/organizations/" + org + "/summary?from=-1000000000-01-01T00:00:00Z"),
                stack.query("/v1/api-keys/" + id + "/usage?to=%2B292278995-01-01T00:00:00Z"),
                stack.query("/v1/api-keys/" + id + "/state?at=%2B1000000000-12-31T23:59:59.999999999Z"),
                stack.query("/v1/anomalies?since=%2B292278995-01-01T00:00:00Z"),
                stack.query("/v1/audit/export?from=1969-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"));
        for (URI uri : farInstants) {
            Http.Answer answer = Http.get(uri, writer.key());
            soft.assertThat(answer.status()).as("%s: %s", uri, answer.raw().body()).isEqualTo(400);
            soft.assertThat(answer.raw().body()).as(uri.toString()).doesNotContain("Exception").doesNotContain("java.");
        }

        int port = stack.validatorPort;
        String verify = "{\"key\":\"kl_live_" + "A".repeat(46) + "\",\"permissions\":[]}";
        RawHttp.Exchange connect = RawHttp.exchange(port, ascii("CONNECT /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 5_000);
        soft.assertThat(connect.status()).as("CONNECT on the hot port: %s", connect.raw()).isBetween(400, 501).isNotEqualTo(500);
        RawHttp.Exchange smuggled = RawHttp.exchange(port, ascii("POST /v1/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + verify.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + verify + "GET /v1/rate-limit HTTP/1.1\r\nHost: localhost\r\n\r\n"), 5_000);
        soft.assertThat(smuggled.status()).as("Content-Length with Transfer-Encoding: %s", smuggled.raw()).isEqualTo(400);
        soft.assertThat(smuggled.answers()).as("answers to a smuggling attempt").isEqualTo(1);
        soft.assertThat(smuggled.closed()).as("connection closed after CL+TE").isTrue();
        RawHttp.Exchange xchunked = RawHttp.exchange(port, ascii("POST /v1/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + verify.length() + "\r\nTransfer-Encoding: xchunked\r\n\r\n"
                + verify), 5_000);
        soft.assertThat(xchunked.status()).as("unknown transfer coding: %s", xchunked.raw()).isEqualTo(501);
        soft.assertThat(xchunked.closed()).as("connection closed after an unknown coding").isTrue();
        RawHttp.Exchange noHost = RawHttp.exchange(port, ascii("POST /v1/verify HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + verify.length() + "\r\n\r\n" + verify), 5_000);
        soft.assertThat(noHost.status()).as("HTTP/1.1 without Host: %s", noHost.raw()).isEqualTo(400);
        RawHttp.Exchange expect = RawHttp.exchange(port, ascii("POST /v1/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\n\r\n"), 5_000);
        soft.assertThat(expect.status()).as("Expect: 100-continue over the limit: %s", expect.raw()).isEqualTo(413);
        soft.assertThat(expect.raw()).as("413 with its problem body").contains("application/problem+json").contains("\"status\"");
        soft.assertThat(expect.closed()).as("connection closed after the 413").isTrue();

        // nothing wedged: a key made now reaches the read model and the validator
        Api.Key after = api.createKey(org, "after the reported cases", List.of("tasks:read"));
        await().atMost(Api.PROPAGATION).until(
                () -> Http.get(stack.query("/v1/api-keys/" + after.id()), writer.key()).status() == 200);
        soft.assertThat(api.verify(after.key(), List.of("tasks:read")).path("code").asText()).isEqualTo("VALID");
        soft.assertAll();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void runCase(LocalStack stack, HttpClient client, Map<Auth, String> bearer, List<String> victims,
                         int n, Endpoint endpoint, Random random) {
        cases.increment();
        String id = victims.get(random.nextInt(victims.size()));
        int port = switch (endpoint.svc()) {
            case COMMAND -> stack.commandPort;
            case QUERY -> stack.queryPort;
            case VALIDATOR -> stack.validatorPort;
        };
        String token = bearer.get(endpoint.auth());
        int kind = random.nextInt(100);
        try {
            if (kind < 15) {
                rawCase(port, endpoint, id, token, n, random);
            } else if (kind < 30) {
                pathOrQueryCase(client, port, endpoint, id, token, n, random);
            } else if (endpoint.sample() == null) {
                // no body: more path, query and header mutations instead
                if (random.nextBoolean()) {
                    rawCase(port, endpoint, id, token, n, random);
                } else {
                    pathOrQueryCase(client, port, endpoint, id, token, n, random);
                }
            } else {
                bodyCase(client, port, endpoint, id, token, n, random);
            }
        } catch (RuntimeException | IOException e) {
            fail(CLIENT, "#" + n + " " + endpoint.method() + " " + endpoint.path() + ": " + e);
        }
    }

    // ---- body mutations (keep-alive HttpClient) ----

    private void bodyCase(HttpClient client, int port, Endpoint endpoint, String id, String token, int n, Random random)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>(endpoint.sample());
        List<String> fields = new ArrayList<>(body.keySet());
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        String json;
        String mutation;
        String contentType = "application/json";
        switch (random.nextInt(9)) {
            case 0 -> {
                mutation = "malformed JSON";
                json = Corpus.malformed(Http.JSON.writeValueAsString(body), random);
            }
            case 1 -> {
                mutation = "wrong type in " + field;
                json = replace(body, field, Corpus.wrongType(random));
            }
            case 2 -> {
                mutation = "huge number in " + field;
                json = replace(body, field, Corpus.hugeNumber(random));
            }
            case 3 -> {
                mutation = "deep nesting in " + field;
                json = replace(body, field, Corpus.deepNesting(random));
            }
            case 4 -> {
                mutation = "hostile string in " + field;
                json = replace(body, field, Http.JSON.writeValueAsString(Corpus.hostileString(random)));
            }
            case 5 -> {
                mutation = "operator injection in " + field;
                json = random.nextInt(8) == 0 ? Corpus.operator(random) : replace(body, field, Corpus.operator(random));
            }
            case 6 -> {
                mutation = "unknown or duplicate field";
                String valid = Http.JSON.writeValueAsString(body);
                json = random.nextBoolean()
                        ? valid.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + Corpus.fieldName(random) + "\":1,"))
                        : valid.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + field + "\":null,"));
            }
            case 7 -> {
                mutation = "wrong content type";
                json = Http.JSON.writeValueAsString(body);
                contentType = Corpus.contentType(random);
            }
            default -> {
                mutation = "oversized or empty body";
                json = random.nextBoolean() ? "" : replace(body, field,
                        Http.JSON.writeValueAsString("x".repeat(60_000 + random.nextInt(80_000))));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, fill(endpoint.path(), id), endpoint.params()))
                .timeout(TIMEOUT)
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(json));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        auth(request, endpoint, token);
        send(client, request.build(), new Case(n, endpoint, mutation, abbreviate(json)));
    }

    /** The path with a key id, and a projection name that does not exist (the fuzzer must not trigger rebuilds). */
    private static String fill(String path, String id) {
        return path.replace("{id}", id).replace("{name}", "fuzz-no-such-projection");
    }

    private static String replace(Map<String, Object> body, String field, String rawJsonValue) throws IOException {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        String marker = "\u0001MARK\u0001";
        copy.put(field, marker);
        return Http.JSON.writeValueAsString(copy).replace(Http.JSON.writeValueAsString(marker), rawJsonValue);
    }

    // ---- path and query mutations (keep-alive HttpClient) ----

    private void pathOrQueryCase(HttpClient client, int port, Endpoint endpoint, String id, String token, int n,
                                 Random random) {
        String path = endpoint.path();
        Map<String, String> params = new LinkedHashMap<>(endpoint.params());
        String mutation;
        if (path.contains("{") && (params.isEmpty() || random.nextBoolean())) {
            String hostile = Corpus.pathSegment(random);
            mutation = "hostile path segment";
            path = path.replaceAll("\\{[a-z]+}", URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20"));
        } else {
            path = fill(path, id);
            List<String> names = new ArrayList<>(params.keySet());
            names.add(Corpus.fieldName(random));
            String name = names.get(random.nextInt(names.size()));
            mutation = "hostile query parameter " + name;
            params.put(name, Corpus.queryValue(random));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path, params)).timeout(TIMEOUT);
        if (endpoint.sample() != null) {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(jsonOf(endpoint.sample())));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        auth(request, endpoint, token);
        send(client, request.build(), new Case(n, endpoint, mutation, path + " " + params));
    }

    private void send(HttpClient client, HttpRequest request, Case c) {
        sent.increment();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            check(c, response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body(), response.headers().map().keySet().toString());
        } catch (HttpTimeoutException e) {
            fail(HANG, describe(c));
        } catch (IOException e) {
            fail(CLIENT, describe(c) + " → " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- header mutations (raw socket: CR/LF, huge and binary headers) ----

    private void rawCase(int port, Endpoint endpoint, String id, String token, int n, Random random) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String target = uri(port, fill(endpoint.path(), id), endpoint.params()).getRawPath()
                + queryString(endpoint.params());
        byte[] body = endpoint.sample() == null ? null : jsonOf(endpoint.sample()).getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        String method = endpoint.method();
        String mutation;
        switch (random.nextInt(7)) {
            case 0 -> {
                mutation = "header injection";
                String name = Corpus.headerName(endpoint, random);
                headers.put(name, "a\r\nX-Injected: yes\r\nSet-Cookie: injected=1");
                authRaw(headers, endpoint, token);
            }
            case 1 -> {
                mutation = "very long header";
                authRaw(headers, endpoint, token);
                headers.put(Corpus.headerName(endpoint, random), "a".repeat(new int[] {9_000, 17_000, 70_000, 1_100_000}[random.nextInt(4)]));
            }
            case 2 -> {
                mutation = "many headers";
                authRaw(headers, endpoint, token);
                int count = 100 + random.nextInt(900);
                for (int i = 0; i < count; i++) {
                    headers.put("X-H" + i, "v" + i);
                }
            }
            case 3 -> {
                mutation = "control or bidi characters in a header";
                authRaw(headers, endpoint, token);
                headers.put(Corpus.headerName(endpoint, random), Corpus.hostileHeaderValue(random));
            }
            case 4 -> {
                mutation = "hostile credentials";
                String value = Corpus.hostileCredential(random);
                headers.put(random.nextBoolean() ? "Authorization" : "X-API-Key", value);
                if (endpoint.svc() == Svc.VALIDATOR && random.nextBoolean()) {
                    headers.put("X-Organization-Api-Key", Corpus.hostileCredential(random));
                }
            }
            case 5 -> {
                mutation = "raw request target";
                authRaw(headers, endpoint, token);
                target = Corpus.rawTarget(fill(endpoint.path(), id), random);
            }
            default -> {
                mutation = "wrong method";
                authRaw(headers, endpoint, token);
                method = new String[] {"PUT", "TRACE", "OPTIONS", "PROPFIND", "DELETE", "POST", "GET", "HEAD", "FOO"}[random.nextInt(9)];
                if (method.equals(endpoint.method())) {
                    method = "PUT";
                }
            }
        }
        Case c = new Case(n, endpoint, mutation, method + " " + abbreviate(target) + " " + abbreviate(headers.toString()));
        sent.increment();
        RawHttp.Answer answer = RawHttp.send(port, RawHttp.request(method, target, headers, body), (int) TIMEOUT.toMillis());
        if (answer.timedOut()) {
            fail(HANG, describe(c));
            return;
        }
        if (answer.status() < 0) {
            // closed without a word: what Tomcat does with some requests it cannot parse
            fail(CONNECTOR, describe(c) + " → connection closed without an answer");
            count("closed");
            return;
        }
        if (answer.headers().containsKey("x-injected") || answer.headers().getOrDefault("set-cookie", "").contains("injected")) {
            fail(INJECTED, describe(c) + " → " + answer.headers());
        }
        if (method.equals("HEAD")) {
            count(String.valueOf(answer.status()));
            if (answer.status() >= 500 && answer.status() != 501) {
                fail(SERVER_ERROR, describe(c) + " → " + answer.status());
            }
            return;
        }
        check(c, answer.status(), answer.contentType(), answer.body(), answer.headers().keySet().toString());
    }

    private void check(Case c, int status, String contentType, String body, String headerNames) {
        count(String.valueOf(status));
        if (status >= 500 && status != 501) {
            // 501: a method the hot port does not implement (RFC 9110 §15.6.2), answered as a problem
            fail(SERVER_ERROR, describe(c) + " → " + status + " " + abbreviate(body));
        } else if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            if (body == null || body.isEmpty() || body.contains("<h1>HTTP Status ")) {
                fail(CONNECTOR, describe(c) + " → " + status + " " + (body == null || body.isEmpty() ? "without a body" : "Tomcat's HTML page"));
            } else {
                fail(NOT_PROBLEM, describe(c) + " → " + status + " as '" + contentType + "': " + abbreviate(body));
            }
        }
    }

    private void count(String status) {
        statusCounts.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    private static String describe(Case c) {
        return "#" + c.n() + " " + c.endpoint().svc() + " " + c.endpoint().method() + " " + c.endpoint().path()
                + " [" + c.mutation() + "] " + c.description();
    }

    private static void auth(HttpRequest.Builder request, Endpoint endpoint, String token) {
        if (token == null) {
            return;
        }
        if (endpoint.auth() == Auth.VERIFIED_KEY) {
            request.header("X-API-Key", token);
        } else {
            request.header("Authorization", "Bearer " + token);
        }
    }

    private static void authRaw(Map<String, String> headers, Endpoint endpoint, String token) {
        if (token == null) {
            return;
        }
        if (endpoint.auth() == Auth.VERIFIED_KEY) {
            headers.put("X-API-Key", token);
        } else {
            headers.put("Authorization", "Bearer " + token);
        }
    }

    private static URI uri(int port, String path, Map<String, String> params) {
        return URI.create("http://localhost:" + port + path + queryString(params));
    }

    private static String queryString(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        params.forEach((k, v) -> q.append(q.length() > 1 ? "&" : "").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    private static String jsonOf(Object o) {
        try {
            return Http.JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "·");
        return clean.length() > 200 ? clean.substring(0, 200) + "…(" + clean.length() + " chars)" : clean;
    }

    /** Every endpoint of the three services, with a valid sample of its input. */
    static List<Endpoint> endpoints(String organizationId) {
        Map<String, Object> createKey = new LinkedHashMap<>();
        createKey.put("name", "fuzzed");
        createKey.put("description", "made by the fuzzer");
        createKey.put("organization_id", organizationId);
        createKey.put("owner", Map.of("type", "application", "id", "app-1"));
        createKey.put("environment", "test");
        createKey.put("permissions", List.of("tasks:read"));
        createKey.put("rate_limit", Map.of("per_second", 10, "burst", 20, "per_minute", 100, "per_hour", 1000, "per_day", 10000));
        createKey.put("restrictions", Map.of("ip_allowlist", List.of("10.0.0.0/8"), "referrers", List.of("*.example.com")));
        createKey.put("expires_at", "2099-01-01T00:00:00Z");
        Map<String, Object> patch = new LinkedHashMap<>(createKey);
        patch.remove("organization_id");
        patch.remove("owner");
        patch.remove("environment");
        Map<String, Object> verify = new LinkedHashMap<>();
        verify.put("key", "kl_live_" + "A".repeat(46));
        verify.put("permissions", List.of("tasks:read"));
        verify.put("ip", "10.1.2.3");
        verify.put("referrer", "https://app.example.com/x");
        Map<String, String> none = Map.of();
        return List.of(
                new Endpoint(Svc.COMMAND, "POST", "/v1/organizations", Map.of("name", "fuzzed org", "plan", "free"), none, Auth.ADMIN),
                new Endpoint(Svc.COMMAND, "POST", "/v1/api-keys", createKey, none, Auth.ORG_KEY),
                new Endpoint(Svc.COMMAND, "PATCH", "/v1/api-keys/{id}", patch, none, Auth.ORG_KEY),
                new Endpoint(Svc.COMMAND, "POST", "/v1/api-keys/{id}/rotate", Map.of("grace_period_seconds", 60), none, Auth.ORG_KEY),
                new Endpoint(Svc.COMMAND, "POST", "/v1/api-keys/{id}/disable", null, none, Auth.ORG_KEY),
                new Endpoint(Svc.COMMAND, "POST", "/v1/api-keys/{id}/enable", null, none, Auth.ORG_KEY),
                new Endpoint(Svc.COMMAND, "DELETE", "/v1/api-keys/{id}", Map.of("reason", "fuzz"), none, Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys", null,
                        Map.of("status", "active", "environment", "live", "owner_id", "u1", "limit", "10"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys/{id}", null, none, Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys/{id}/usage", null,
                        Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z", "interval", "hour"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/anomalies", null,
                        Map.of("key_id", "k", "type", "failure_spike", "since", "2026-01-01T00:00:00Z"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys/{id}/events", null, none, Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys/{id}/state", null, Map.of("at", "2026-01-01T00:00:00Z"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/organizations/" + organizationId + "/summary", null,
                        Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/organizations", null, Map.of("limit", "10"), Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/organizations/" + organizationId, null, none, Auth.ORG_KEY),
                new Endpoint(Svc.QUERY, "GET", "/v1/api-keys/{id}", null, Map.of("organization_id", organizationId), Auth.ADMIN),
                new Endpoint(Svc.COMMAND, "PATCH", "/v1/organizations/" + organizationId,
                        Map.of("name", "fuzz org", "plan", "enterprise", "policy",
                                Map.of("max_key_lifetime_days", 36500, "approval_required_for", List.of("billing:*"), "on_leak", "notify")),
                        none, Auth.ADMIN),
                new Endpoint(Svc.COMMAND, "GET", "/v1/admin/dead-letters", null, none, Auth.ADMIN),
                new Endpoint(Svc.QUERY, "GET", "/v1/admin/dead-letters", null, none, Auth.ADMIN),
                // never a real group: the fuzzer must not retry the poison-event test's dead letters
                new Endpoint(Svc.COMMAND, "POST", "/v1/admin/dead-letters/{name}/retry", null, none, Auth.ADMIN),
                new Endpoint(Svc.QUERY, "POST", "/v1/admin/dead-letters/{name}/retry", null, none, Auth.ADMIN),
                new Endpoint(Svc.QUERY, "GET", "/v1/audit/export", null,
                        Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z", "format", "ndjson"), Auth.ORG_KEY),
                // never a real projection name: the fuzzer must not start rebuilds under the other tests
                new Endpoint(Svc.QUERY, "POST", "/v1/admin/projections/{name}/rebuild", null, none, Auth.ADMIN),
                new Endpoint(Svc.QUERY, "GET", "/v1/admin/projections/{name}", null, none, Auth.ADMIN),
                new Endpoint(Svc.VALIDATOR, "POST", "/v1/verify", verify, none, Auth.NONE),
                new Endpoint(Svc.VALIDATOR, "GET", "/v1/auth", null, none, Auth.VERIFIED_KEY),
                new Endpoint(Svc.VALIDATOR, "GET", "/v1/rate-limit", null, none, Auth.VERIFIED_KEY));
    }
}
