package io.keyledger.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys per second of {@code keyledger keys import} (the CLI jar as a process, --concurrency 16)
 * and of the same rows POSTed straight to the API by 16 parallel clients, side by side, against a
 * running stack (cli/README.md, "Figures"). Not a test: it prints.
 *
 * <pre>
 * java -cp cli/target/test-classes:cli/target/keyledger-cli.jar io.keyledger.cli.ImportBenchmark [rows] [clients]
 * </pre>
 * with KEYLEDGER_COMMAND_URL (or KEYLEDGER_COMMAND_PORT) and KEYLEDGER_API_KEY (or KEYLEDGER_API_KEY_FILE) set.
 */
public final class ImportBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Map<String, String> env = System.getenv();
        URI command = Connection.bases(null, null, null, null, env).get(Api.Service.COMMAND);
        String key = Connection.apiKey(null, null, env);
        if (key == null) {
            throw new IllegalStateException("set KEYLEDGER_API_KEY or KEYLEDGER_API_KEY_FILE");
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        Path dir = Files.createTempDirectory("keyledger-import-bench");
        SecureRandom random = new SecureRandom();

        // 1. the CLI
        StringBuilder csv = new StringBuilder("name,permissions,per_second,owner_id,key_hash\n");
        for (int i = 0; i < rows; i++) {
            csv.append("bench-cli-").append(run).append('-').append(i).append(",tasks:read,5,bench-").append(i % 100)
                    .append(',').append(hex(random)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("bench.csv"), csv);
        Path jar = Path.of("cli/target/keyledger-cli.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "keys", "import", file.toString(), "--concurrency", String.valueOf(clients),
                "--progress", "none").inheritIO();
        long t0 = System.nanoTime();
        int exit = builder.start().waitFor();
        double cliSeconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("the import exited with " + exit);
        }

        // 2. the API, 16 clients, one POST per key (with an Idempotency-Key, as the CLI sends)
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> bodies = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            bodies.add("{\"name\":\"bench-api-" + run + "-" + i + "\",\"permissions\":[\"tasks:read\"],\"rate_limit\":{\"per_second\":5},"
                    + "\"owner\":{\"type\":\"application\",\"id\":\"bench-" + (i % 100) + "\"},\"imported_key_hash\":\"" + hex(random) + "\"}");
        }
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t1 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < rows; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(command.resolve("v1/api-keys"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .header("Idempotency-Key", "bench-" + run + "-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get((int) i), StandardCharsets.UTF_8)).build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double apiSeconds = (System.nanoTime() - t1) / 1e9;
        pool.shutdown();

        System.out.printf(Locale.ROOT, "%nimport of %,d keys (key_hash rows), %d in flight%n", rows, clients);
        System.out.printf(Locale.ROOT, "  keyledger keys import (CLI process): %7.1f s  %,8.0f keys/s%n", cliSeconds, rows / cliSeconds);
        System.out.printf(Locale.ROOT, "  POST /v1/api-keys, %d clients:      %7.1f s  %,8.0f keys/s  (%d failed)%n",
                clients, apiSeconds, rows / apiSeconds, failures.get());
        System.out.printf(Locale.ROOT, "  CLI / API: %.2f%n", apiSeconds / cliSeconds);
    }

    private static String hex(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
