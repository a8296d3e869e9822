package io.keyledger.validator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Revocation propagation against a running stack: create a key through the command API, wait
 * until every validator accepts it, revoke it (DELETE), then poll {@code POST /v1/verify} on
 * every validator until all answer REVOKED. Prints p50/p90/p99/max over N revocations, measured
 * from the DELETE being sent and from its 204 arriving.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.keyledger.validator.bench.RevocationPropagation \
 *   --command=http://localhost:8081 --validators=http://localhost:8083 --admin-key-file=data/bootstrap-admin.key --count=200
 * </pre>
 * What decides the figure: {@code keyledger.event-store.fetch-delay} of the validator (how often
 * its event store polls the database for events other processes appended; 10 ms here).
 */
public final class RevocationPropagation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String command = HttpBenchServer.arg(args, "command", "http://localhost:8081");
        List<String> validators = Arrays.asList(HttpBenchServer.arg(args, "validators", "http://localhost:8083").split(","));
        String adminKey = HttpBenchServer.arg(args, "admin-key", null);
        if (adminKey == null) {
            adminKey = Files.readString(Path.of(HttpBenchServer.arg(args, "admin-key-file", "data/bootstrap-admin.key"))).trim();
        }
        int count = Integer.parseInt(HttpBenchServer.arg(args, "count", "200"));

        List<Double> fromRequest = new ArrayList<>();
        List<Double> fromAnswer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(command + "/v1/api-keys"))
                    .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                            "name", "revocation-bench-" + i, "permissions", List.of("bench:read")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("create answered " + created.statusCode() + ": " + created.body());
            }
            JsonNode body = JSON.readTree(created.body());
            String id = body.get("id").asText();
            String key = body.get("key").asText();
            for (String validator : validators) {
                while (!"VALID".equals(code(validator, key))) {
                    Thread.sleep(1);
                }
            }
            long sent = System.nanoTime();
            HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(command + "/v1/api-keys/" + id))
                    .header("Authorization", "Bearer " + adminKey).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (revoked.statusCode() != 204) {
                throw new IllegalStateException("revoke answered " + revoked.statusCode() + ": " + revoked.body());
            }
            for (String validator : validators) {
                while (!"REVOKED".equals(code(validator, key))) {
                    Thread.onSpinWait();
                }
            }
            long done = System.nanoTime();
            fromRequest.add((done - sent) / 1e6);
            fromAnswer.add((done - answered) / 1e6);
        }
        print("revocation → every validator REVOKED, from DELETE sent", fromRequest);
        print("revocation → every validator REVOKED, from 204 received", fromAnswer);
    }

    private static String code(String validator, String key) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(validator + "/v1/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("code").asText();
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s (n=%d): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
