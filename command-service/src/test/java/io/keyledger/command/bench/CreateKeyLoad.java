package io.keyledger.command.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Create-key throughput through the HTTP API of a running command-service (issue 3, "Figures").
 * A load client, not a test: it prints keys/s and latency percentiles; it asserts nothing.
 *
 * <pre>
 * java -cp command-service/target/test-classes io.keyledger.command.bench.CreateKeyLoad \
 *      http://localhost:8081 data/bootstrap-admin.key [requests=3000] [clients=1,16] [warmup=500]
 * </pre>
 *
 * Each client is a thread of a fixed pool sending {@code POST /v1/api-keys} back to back over
 * keep-alive connections; a run of each concurrency follows a warm-up of the same concurrency.
 *
 * <p>With {@code -Dpids=<service pid>,<database pid>} it also prints the CPU time those processes
 * spent per key (from {@code /proc/<pid>/stat}): on a machine shared with other work, throughput
 * says as much about the neighbours as about the service, CPU per key does not.
 */
public final class CreateKeyLoad {

    private CreateKeyLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8081";
        String admin = Files.readString(Path.of(args.length > 1 ? args[1] : "data/bootstrap-admin.key")).trim();
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int[] clients = Arrays.stream((args.length > 3 ? args[3] : "1,16").split(",")).mapToInt(Integer::parseInt).toArray();
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 500;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(base + "/v1/api-keys");
        System.out.printf("create-key load against %s, %d requests per run%n", uri, requests);
        for (int c : clients) {
            run(http, uri, admin, warmup, c, "warm-up");
            long[] cpuBefore = cpuTicks();
            Result r = run(http, uri, admin, requests, c, "measured");
            long[] cpuAfter = cpuTicks();
            System.out.printf("clients=%2d  requests=%d  errors=%d  %.0f keys/s  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms%n",
                    c, requests, r.errors, r.perSecond(), r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100));
            for (int p = 0; p < cpuBefore.length; p++) {
                // /proc ticks are 1/100 s
                double msPerKey = (cpuAfter[p] - cpuBefore[p]) * 10.0 / requests;
                System.out.printf("           pid %s: %.2f ms CPU per key (one core could do %.0f keys/s)%n",
                        PIDS[p], msPerKey, msPerKey == 0 ? Double.POSITIVE_INFINITY : 1000 / msPerKey);
            }
        }
    }

    private static final String[] PIDS = System.getProperty("pids", "").isBlank()
            ? new String[0] : System.getProperty("pids").split(",");

    /** utime + stime of each process of {@code -Dpids}, in clock ticks. */
    private static long[] cpuTicks() {
        long[] ticks = new long[PIDS.length];
        for (int p = 0; p < PIDS.length; p++) {
            try {
                String stat = Files.readString(Path.of("/proc", PIDS[p].trim(), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks[p] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                ticks[p] = 0;
            }
        }
        return ticks;
    }

    private record Result(long[] latenciesNanos, long elapsedNanos, int errors) {
        double perSecond() {
            return latenciesNanos.length / (elapsedNanos / 1e9);
        }

        double percentile(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    private static Result run(HttpClient http, URI uri, String admin, int requests, int clients, String phase)
            throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests) {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + admin)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"load " + phase + " " + i + "\",\"permissions\":[\"tasks:read\"]}"))
                            .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 201) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return new Result(latencies, System.nanoTime() - start, errors.get());
    }
}
