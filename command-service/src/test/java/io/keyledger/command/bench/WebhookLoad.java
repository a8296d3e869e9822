package io.keyledger.command.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook figures against a running stack (issue 14, "Figures"). A load client, not a test: it
 * prints figures and asserts nothing.
 *
 * <pre>
 * KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_PER_SECOND=100000 KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_BURST=100000 ./keyledger up
 * java -cp command-service/target/test-classes:$(cat cp.txt) io.keyledger.command.bench.WebhookLoad \
 *      http://localhost:8081 data/bootstrap-admin.key [revocations=200] [backlog=5000] [outage-seconds=60]
 * </pre>
 *
 * <ol>
 *   <li>Latency: {@code revocations} keys are revoked one after another; for each, the time from
 *       the DELETE's 204 to the receiver's 2xx for its {@code key.revoked} — p50, p99, max.</li>
 *   <li>Backlog: the receiver goes away (connection refused) for {@code outage-seconds}; meanwhile
 *       {@code backlog} keys are created and revoked by 16 clients (two deliveries each); then the
 *       receiver comes back on the same port and the client prints how long until every delivery
 *       arrived, and the deliveries per second in the busiest second and over the drain. The retry
 *       schedule (5 s doubling, with jitter) decides when a failed delivery is tried again, so the
 *       drain includes waiting for it.</li>
 * </ol>
 * The management limit (20/s per key) must be raised as above, or the client measures that limit.
 */
public final class WebhookLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Arrival time (nanoTime) of the first key.revoked / key.created delivery per key id. */
    private static final Map<String, Long> REVOKED = new ConcurrentHashMap<>();
    private static final Map<String, Long> CREATED = new ConcurrentHashMap<>();
    private static final List<Long> ARRIVALS = Collections.synchronizedList(new ArrayList<>());

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8081";
        String admin = Files.readString(Path.of(args.length > 1 ? args[1] : "data/bootstrap-admin.key")).trim();
        int revocations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int backlog = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        int outageSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;

        HttpServer receiver = receiver(0);
        int port = receiver.getAddress().getPort();
        JsonNode hook = call(base, admin, "POST", "/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:" + port + "/hook\",\"events\":[\"key.created\",\"key.revoked\"],"
                        + "\"description\":\"WebhookLoad\"}", 201);
        System.out.printf("webhook %s → receiver on port %d%n", hook.get("id").asText(), port);

        // 1. latency from the 204 of a revocation to the receiver's 2xx
        long[] latencies = new long[revocations];
        for (int i = 0; i < revocations; i++) {
            String id = call(base, admin, "POST", "/v1/api-keys", "{\"name\":\"wl-latency-" + i + "\",\"permissions\":[\"tasks:read\"]}", 201)
                    .get("id").asText();
            call(base, admin, "DELETE", "/v1/api-keys/" + id, null, 204);
            long answered = System.nanoTime();
            long deadline = answered + TimeUnit.SECONDS.toNanos(30);
            while (!REVOKED.containsKey(id) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Long arrived = REVOKED.get(id);
            latencies[i] = arrived == null ? Long.MAX_VALUE : arrived - answered;
        }
        java.util.Arrays.sort(latencies);
        System.out.printf("latency 204 → receiver, %d revocations: p50=%.1f ms  p99=%.1f ms  max=%.1f ms%n", revocations,
                ms(latencies[revocations / 2]), ms(latencies[(int) Math.ceil(revocations * 0.99) - 1]), ms(latencies[revocations - 1]));

        // 2. a receiver outage with a backlog, then the drain
        receiver.stop(0);
        long down = System.nanoTime();
        System.out.printf("receiver down; creating and revoking %d keys with 16 clients%n", backlog);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int c = 0; c < 16; c++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < backlog) {
                    try {
                        String id = call(base, admin, "POST", "/v1/api-keys",
                                "{\"name\":\"wl-backlog-" + i + "\",\"permissions\":[\"tasks:read\"]}", 201).get("id").asText();
                        call(base, admin, "DELETE", "/v1/api-keys/" + id, null, 204);
                        ids.add(id);
                    } catch (Exception e) {
                        System.out.println("  error: " + e.getMessage());
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        System.out.printf("  %d keys created and revoked in %.1f s%n", ids.size(), (System.nanoTime() - down) / 1e9);
        long remaining = TimeUnit.SECONDS.toNanos(outageSeconds) - (System.nanoTime() - down);
        if (remaining > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
        }
        ARRIVALS.clear();
        HttpServer back = receiver(port);
        long up = System.nanoTime();
        System.out.printf("receiver back after %.0f s outage; waiting for %d deliveries%n", (up - down) / 1e9, ids.size() * 2);
        long deadline = up + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline && !ids.stream().allMatch(id -> REVOKED.containsKey(id) && CREATED.containsKey(id))) {
            Thread.sleep(100);
        }
        long last;
        long first;
        int delivered;
        synchronized (ARRIVALS) {
            delivered = ARRIVALS.size();
            first = ARRIVALS.stream().mapToLong(Long::longValue).min().orElse(up);
            last = ARRIVALS.stream().mapToLong(Long::longValue).max().orElse(up);
        }
        long missing = ids.stream().filter(id -> !REVOKED.containsKey(id) || !CREATED.containsKey(id)).count();
        Map<Long, Integer> perSecond = new java.util.TreeMap<>();
        synchronized (ARRIVALS) {
            for (long t : ARRIVALS) {
                perSecond.merge((t - up) / 1_000_000_000L, 1, Integer::sum);
            }
        }
        int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        System.out.printf("backlog drained: %d deliveries arrived, keys missing a delivery: %d%n", delivered, missing);
        System.out.printf("  first %.1f s, last %.1f s after the receiver came back; %.0f deliveries/s from first to last; "
                + "busiest second %d deliveries%n", (first - up) / 1e9, (last - up) / 1e9,
                delivered / Math.max(0.001, (last - first) / 1e9), busiest);
        System.out.println("  deliveries per second after the receiver came back: " + perSecond);
        back.stop(0);
        call(base, admin, "DELETE", "/v1/webhooks/" + hook.get("id").asText(), null, 204);
    }

    private static HttpServer receiver(int port) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            JsonNode event = JSON.readTree(body);
            String keyId = event.path("data").path("id").asText();
            (event.path("type").asText().equals("key.revoked") ? REVOKED : CREATED).putIfAbsent(keyId, now);
            ARRIVALS.add(now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static JsonNode call(String base, String bearer, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + answer.statusCode() + " " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    private static double ms(long nanos) {
        return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
    }
}
