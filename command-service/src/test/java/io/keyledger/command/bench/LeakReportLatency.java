package io.keyledger.command.bench;

import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /v1/leaks} answer time for reports of real keys against reports of unknown keys,
 * side by side, through the HTTP API of a running command-service (issue 16, "no oracle"). A load
 * client, not a test: it prints percentiles per kind and asserts nothing.
 *
 * <pre>
 * java -cp command-service/target/test-classes:shared-events/target/classes io.keyledger.command.bench.LeakReportLatency \
 *      http://localhost:8081 data/bootstrap-admin.key [reports per kind=2000] [warmup=300] [known keys=100]
 * </pre>
 *
 * One client, reports alternating known / unknown, each of one key and its own {@code source_url}
 * (so every known report makes the key record a new report after the answer), each from its own
 * {@code X-Forwarded-For} address. The service must allow that many reports
 * ({@code KEYLEDGER_LEAKS_RATE_LIMIT_PER_MINUTE}, {@code _BURST}) and trust loopback as a proxy.
 */
public final class LeakReportLatency {

    private LeakReportLatency() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8081";
        String admin = Files.readString(Path.of(args.length > 1 ? args[1] : "data/bootstrap-admin.key")).trim();
        int perKind = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int knownKeys = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        HttpClient client = HttpClient.newHttpClient();
        List<String> known = new ArrayList<>();
        for (int i = 0; i < knownKeys; i++) {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/api-keys"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"leak bench " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = created.body();
            int at = body.indexOf("\"key\":\"") + 7;
            known.add(body.substring(at, body.indexOf('"', at)));
        }
        SecureRandom random = new SecureRandom();
        long[] knownNanos = new long[perKind];
        long[] unknownNanos = new long[perKind];
        int counter = 0;
        for (int round = -warmup; round < perKind; round++) {
            for (int kind = 0; kind < 2; kind++) {
                String key = kind == 0 ? known.get(Math.floorMod(round, known.size()))
                        : ApiKeyFormat.generate(Environment.LIVE, random);
                counter++;
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/leaks"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "10." + (counter >> 16 & 255) + "." + (counter >> 8 & 255) + "." + (counter & 255))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"keys\":[\"" + key
                                + "\"],\"source_url\":\"https://example.com/bench/" + counter + "\",\"reporter\":\"bench\"}"))
                        .build();
                long start = System.nanoTime();
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                if (answer.statusCode() != 202) {
                    throw new IllegalStateException("report answered " + answer.statusCode() + " " + answer.body());
                }
                if (round >= 0) {
                    (kind == 0 ? knownNanos : unknownNanos)[round] = took;
                }
            }
        }
        System.out.printf("POST /v1/leaks, %d reports per kind after %d warm-up rounds, one client, alternating%n",
                perKind, warmup);
        System.out.println("kind      p50 ms  p90 ms  p99 ms  mean ms");
        print("known", knownNanos);
        print("unknown", unknownNanos);
    }

    private static void print(String kind, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf("%-8s %7.3f %7.3f %7.3f %8.3f%n", kind, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), mean);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
