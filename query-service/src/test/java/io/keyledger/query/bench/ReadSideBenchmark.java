package io.keyledger.query.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.keyledger.api.keys.ApiKeyCreatedEvent;
import io.keyledger.api.keys.ApiKeyFormat;
import io.keyledger.api.keys.ApiKeyUpdatedEvent;
import io.keyledger.api.keys.Environment;
import io.keyledger.api.keys.Owner;
import io.keyledger.api.keys.OwnerType;
import io.keyledger.api.keys.RateLimit;
import io.keyledger.api.keys.Restrictions;
import io.keyledger.query.QueryServiceApplication;
import io.keyledger.query.projections.ProjectionRebuilds;
import io.keyledger.query.projections.Projections;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The read side's figures on real parts started in this JVM: a KRaft broker, the MongoDB wire
 * server (memory backend), an H2 event store, and the query service itself.
 * <ol>
 *   <li>projection rebuild rate: {@code keys} × 5 key events are appended, the key projection
 *       catches up, then it is rebuilt from the first event; events per second of the rebuild;</li>
 *   <li>{@code GET /v1/api-keys/{id}/state?at=} for a key with 10,000 events, over HTTP.</li>
 * </ol>
 * Run: see query-service/README.md ("Benchmarks").
 */
public final class ReadSideBenchmark {

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int historyLength = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;

        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress mongoAddress = mongo.bind();
        ConfigurableApplicationContext context = new SpringApplication(QueryServiceApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
                "--spring.data.mongodb.uri=mongodb://localhost:" + mongoAddress.getPort() + "/keyledger",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--keyledger.streams.state-dir=" + Files.createTempDirectory("bench-streams"),
                "--logging.level.root=WARN",
                "--logging.level.io.keyledger=INFO");
        try {
            EventStorageEngine storage = context.getBean(EventStorageEngine.class);
            ProjectionRebuilds rebuilds = context.getBean(ProjectionRebuilds.class);
            String adminKey = ApiKeyFormat.generate(Environment.LIVE, new Random(7));

            long t0 = System.nanoTime();
            List<EventMessage<?>> batch = new ArrayList<>();
            batch.add(event("admin", 0, created("admin", ApiKeyFormat.sha256Hex(adminKey), List.of("admin:*"))));
            for (int k = 0; k < keys; k++) {
                String keyId = "key-" + k;
                batch.add(event(keyId, 0, created(keyId, "ab".repeat(32), List.of("tasks:read"))));
                for (int s = 1; s < 5; s++) {
                    batch.add(event(keyId, s, updated(keyId, "name " + s)));
                }
                if (batch.size() >= 5_000) {
                    storage.appendEvents(batch);
                    batch.clear();
                }
            }
            storage.appendEvents(batch);
            long events = 1 + keys * 5L;
            System.out.printf("appended %,d key events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);

            waitUntilUpToDate(rebuilds);
            System.out.printf("initial projection caught up %.1f s after the first append%n", (System.nanoTime() - t0) / 1e9);

            int batchSize = context.getEnvironment().getProperty(
                    "axon.eventhandling.processors.keys-read-model.batch-size", Integer.class, 0);
            // the first rebuild follows the JVM's start closely and shares the machine with the JIT
            // compiler; the second one shows the same code compiled
            for (String round : List.of("first", "second")) {
                rebuild(rebuilds, round, batchSize);
            }

            String longKey = "key-long-history";
            batch.clear();
            Instant start = Instant.now().minusSeconds(historyLength);
            batch.add(event(longKey, 0, created(longKey, "cd".repeat(32), List.of("tasks:read")), start));
            for (int s = 1; s < historyLength; s++) {
                batch.add(event(longKey, s, updated(longKey, "name " + s), start.plusSeconds(s)));
                if (batch.size() >= 5_000) {
                    storage.appendEvents(batch);
                    batch.clear();
                }
            }
            storage.appendEvents(batch);
            waitUntilUpToDate(rebuilds);

            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            for (String label : List.of("end", "middle")) {
                Instant at = label.equals("end") ? Instant.now() : start.plusSeconds(historyLength / 2);
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/api-keys/"
                                + longKey + "/state?at=" + at))
                        .header("Authorization", "Bearer " + adminKey).build();
                for (int i = 0; i < 10; i++) {
                    check(http.send(request, HttpResponse.BodyHandlers.ofString()));
                }
                int runs = 30;
                long[] nanos = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long s0 = System.nanoTime();
                    check(http.send(request, HttpResponse.BodyHandlers.ofString()));
                    nanos[i] = System.nanoTime() - s0;
                }
                Arrays.sort(nanos);
                System.out.printf("GET /state?at=<%s> of a key with %,d events: median %.1f ms, p90 %.1f ms, max %.1f ms (%d runs)%n",
                        label, historyLength, nanos[runs / 2] / 1e6, nanos[runs * 9 / 10] / 1e6, nanos[runs - 1] / 1e6, runs);
            }
        } finally {
            context.close();
            mongo.shutdownNow();
            kafka.destroy();
        }
        // the embedded broker leaves non-daemon threads behind
        System.exit(0);
    }

    private static void rebuild(ProjectionRebuilds rebuilds, String round, int batchSize) throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Long, Long> threadCpu0 = threadCpu();
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long r0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        rebuilds.rebuild(Projections.KEYS);
        waitUntilUpToDate(rebuilds);
        double seconds = (System.nanoTime() - r0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        ProjectionRebuilds.Progress progress = rebuilds.progress(Projections.KEYS);
        System.out.printf("projection rebuild, %s (keys-read-model, %d events/batch): %,d events in %.2f s = %,.0f events/s;"
                        + " %.1f CPU-seconds of the whole JVM = %,.0f events per CPU-second%n",
                round, batchSize, progress.total(), seconds, progress.total() / seconds,
                cpuSeconds, progress.total() / cpuSeconds);
        double processorSeconds = threadCpuSince(threadCpu0, "EventProcessor[" + Projections.KEYS + "]") / 1e9;
        double mongoSeconds = threadCpuSince(threadCpu0, "mongo-server-worker") / 1e9;
        System.out.printf("  of which the projection's processor threads %.2f CPU-seconds (%,.0f events per CPU-second),"
                        + " mongo-java-server %.2f, the rest %.2f (JIT compilers busy for %.2f s meanwhile)%n",
                processorSeconds, progress.total() / processorSeconds, mongoSeconds,
                cpuSeconds - processorSeconds - mongoSeconds,
                (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) / 1e3);
    }

    /** CPU time of every live thread, by thread id. */
    private static Map<Long, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** Nanoseconds of CPU the live threads whose name starts with {@code prefix} used since {@code before}. */
    private static long threadCpuSince(Map<Long, Long> before, String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long now = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, now - before.getOrDefault(info.getThreadId(), 0L));
            }
        }
        return total;
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("state answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void waitUntilUpToDate(ProjectionRebuilds rebuilds) throws InterruptedException {
        while (true) {
            ProjectionRebuilds.Progress p = rebuilds.progress(Projections.KEYS);
            if (p.status().equals("up_to_date") && p.processed() >= p.total()) {
                return;
            }
            // each look reads the event store's head: looking every 20 ms took a tenth of the JVM's CPU
            Thread.sleep(100);
        }
    }

    private static DomainEventMessage<?> event(String keyId, long sequence, Object payload) {
        return event(keyId, sequence, payload, Instant.now());
    }

    private static DomainEventMessage<?> event(String keyId, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("ApiKey", keyId, sequence, payload,
                MetaData.with("actor", "system"), UUID.randomUUID().toString(), at);
    }

    private static ApiKeyCreatedEvent created(String keyId, String hash, List<String> permissions) {
        return new ApiKeyCreatedEvent(keyId, "default", "name 0", null, new Owner(OwnerType.APPLICATION, "app"),
                Environment.LIVE, hash, "kl_live_AbCd", permissions, RateLimit.NONE, Restrictions.NONE, null, false);
    }

    private static ApiKeyUpdatedEvent updated(String keyId, String name) {
        return new ApiKeyUpdatedEvent(keyId, "default", Set.of("name"), name, null, List.of("tasks:read"),
                RateLimit.NONE, Restrictions.NONE, null);
    }
}
