package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Crash tests (issue 6, item 1). Under a steady load of commands and verifications, one at a
 * time: {@code kill -9} of command-service, of query-service, of validator-service (each
 * started again by the test with the launcher's own command line and environment), then of
 * the launcher JVM — the event store server, the Kafka broker and the Mongo server live in
 * it — together with every service, after which the whole stack starts again on the same
 * data directory. Afterwards:
 * <ul>
 *   <li>every command answered 2xx has its event in the event store (read over JDBC);</li>
 *   <li>the read model converges to exactly the event store's state (same keys, same status
 *       and name);</li>
 *   <li>every verification answered is on the auth-attempts topic, and each key's usage count
 *       equals the attempts on the topic: none lost, none counted twice;</li>
 *   <li>the restarted validator rejects every key revoked while it was down as soon as it
 *       reports ready.</li>
 * </ul>
 * Each verification carries a unique {@code user_agent}, which the validator copies into its
 * attempt record, so that every answered verification is traced to its record.
 */
@Order(2)
@Execution(ExecutionMode.CONCURRENT)
class CrashRecoveryIT {

    static final Duration STEADY = Duration.ofSeconds(Long.getLong("e2e.crash.steady-seconds", 8));
    static final Duration DOWN = Duration.ofSeconds(3);
    static final Duration RESTART = Duration.ofSeconds(Long.getLong("e2e.crash.restart-seconds", 240));
    static final Duration CONVERGENCE = Duration.ofSeconds(120);

    private final List<String> timeline = new ArrayList<>();
    /** What went wrong, collected so that one run reports every broken promise, not only the first. */
    private final List<String> problems = new ArrayList<>();
    private final Instant t0 = Instant.now();

    /** The stack under test, not started ({@link PostgresCrashRecoveryIT}: on PostgreSQL). */
    LocalStack stack() {
        return new LocalStack(SharedStack.newDataDir("crash"));
    }

    @Test
    void killingAnyPartUnderLoadLosesNothingAndCountsNothingTwice() throws Exception {
        try (LocalStack stack = stack().start()) {
            Api api = new Api(stack);
            String org = api.createOrganization("crash", "enterprise");
            Api.Key writer = api.createKey(org, "crash writer", List.of("keys:write", "keys:read", "audit:read"));
            List<Api.Key> verified = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                verified.add(unlimitedKey(api, org, "verified " + i));
            }
            List<Api.Key> revokedWhileDown = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                revokedWhileDown.add(api.createKey(org, "revoked while the validator is down " + i, List.of("tasks:read")));
            }
            for (Api.Key k : revokedWhileDown) {
                api.awaitVerdict(k.key(), "VALID");
            }

            Load load = new Load(stack, writer.key(), verified);
            load.start();
            mark("load started");
            sleep(STEADY);

            for (String service : List.of("command-service", "query-service")) {
                load.phase.incrementAndGet();
                LocalStack.KilledService killed = stack.kill(service + ".jar");
                mark("kill -9 " + service);
                sleep(DOWN);
                stack.restart(killed);
                mark("restarted " + service);
                awaitReadyUnderLoad(service, service.equals("command-service") ? stack.commandPort : stack.queryPort, load);
                sleep(STEADY);
            }

            load.phase.incrementAndGet();
            LocalStack.KilledService validator = stack.kill("validator-service.jar");
            mark("kill -9 validator-service");
            for (Api.Key k : revokedWhileDown) {
                Http.Answer revoked = Http.delete(stack.command("/v1/api-keys/" + k.id()), writer.key());
                assertThat(revoked.status()).as(revoked.raw().body()).isEqualTo(204);
            }
            mark("revoked " + revokedWhileDown.size() + " keys while the validator is down");
            sleep(DOWN);
            stack.restart(validator);
            mark("restarted validator-service");
            List<String> validBeforeReady = new ArrayList<>();
            Instant deadline = Instant.now().plus(RESTART);
            while (!LocalStack.ready(stack.validatorManagementPort) && Instant.now().isBefore(deadline)) {
                for (Api.Key k : revokedWhileDown) {
                    verdictIfAnswered(stack, k.key()).filter("VALID"::equals)
                            .ifPresent(code -> validBeforeReady.add(k.id()));
                }
                Thread.sleep(20);
            }
            Map<String, String> verdictsAtReady = new LinkedHashMap<>();
            if (LocalStack.ready(stack.validatorManagementPort)) {
                mark("validator-service ready");
                for (Api.Key k : revokedWhileDown) {
                    verdictsAtReady.put(k.id(), api.verify(k.key(), List.of("tasks:read")).path("code").asText());
                }
            } else {
                problems.add("validator-service restarted after kill -9 is not ready after " + RESTART.toSeconds() + " s: "
                        + LocalStack.readiness(stack.validatorManagementPort));
            }
            sleep(STEADY);

            load.phase.incrementAndGet();
            stack.crash();
            mark("kill -9 launcher (event store, Kafka, Mongo) and every service");
            sleep(DOWN);
            stack.startLauncher();
            mark("launcher started again on the same data");
            awaitReadyUnderLoad("command-service", stack.commandPort, load);
            awaitReadyUnderLoad("validator-service", stack.validatorManagementPort, load);
            awaitReadyUnderLoad("query-service", stack.queryPort, load);
            sleep(STEADY);
            load.stop();
            mark("load stopped");
            System.out.println("crash timeline:\n  " + String.join("\n  ", timeline));
            System.out.println(load.summary());
            if (!LocalStack.ready(stack.queryPort)) {
                // the convergence checks below need the query API; its readiness failure is already recorded
                LocalStack.awaitReady(stack.queryPort, RESTART);
            }

            verdictsAtReady.forEach((id, code) -> {
                if (!code.equals("REVOKED")) {
                    problems.add("key " + id + ", revoked while the validator was down, was " + code + " at its first ready");
                }
            });
            validBeforeReady.forEach(id -> problems.add("key " + id + " (revoked) was VALID on the restarting validator before it was ready"));

            soft(() -> assertEveryAcknowledgedCommandHasItsEvent(stack, load));
            soft(() -> assertReadModelConvergesToTheEventStore(stack, api, writer, org));
            soft(() -> assertUsageCountsEveryAnsweredVerificationOnce(stack, writer, load, verified));
            assertThat(problems).as("broken promises after the crashes").isEmpty();
        }
    }

    private void assertEveryAcknowledgedCommandHasItsEvent(LocalStack stack, Load load) throws Exception {
        Map<String, List<Stores.StoredEvent>> events = Stores.eventsByAggregate(stack);
        List<String> missing = new ArrayList<>();
        load.created.forEach(id -> {
            if (!events.containsKey(id) || !events.get(id).get(0).simpleType().equals("ApiKeyCreatedEvent")) {
                missing.add("create " + id);
            }
        });
        load.renamed.forEach((id, name) -> {
            boolean found = events.getOrDefault(id, List.of()).stream().anyMatch(
                    e -> e.simpleType().equals("ApiKeyUpdatedEvent") && e.payload().contains("\"" + name + "\""));
            if (!found) {
                missing.add("rename " + id + " to " + name);
            }
        });
        load.revoked.forEach(id -> {
            if (events.getOrDefault(id, List.of()).stream().noneMatch(e -> e.simpleType().equals("ApiKeyRevokedEvent"))) {
                missing.add("revoke " + id);
            }
        });
        System.out.printf("commands answered 2xx: %d creates, %d renames, %d revocations; without their event: %d%n",
                load.created.size(), load.renamed.size(), load.revoked.size(), missing.size());
        assertThat(load.created).as("the load created keys").isNotEmpty();
        assertThat(missing).as("commands answered 2xx whose event is not in the event store").isEmpty();
    }

    /** Status and name of every key of the organization, folded from the event store. */
    private static Map<String, String> expectedKeys(LocalStack stack, String org) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, List<Stores.StoredEvent>> e : Stores.eventsByAggregate(stack).entrySet()) {
            List<Stores.StoredEvent> stream = e.getValue();
            if (!stream.get(0).simpleType().equals("ApiKeyCreatedEvent")) {
                continue;
            }
            JsonNode created = Http.JSON.readTree(stream.get(0).payload());
            if (!org.equals(text(created, "organizationId", "organization_id"))) {
                continue;
            }
            String name = text(created, "name", "name");
            String status = "active";
            for (Stores.StoredEvent event : stream) {
                switch (event.simpleType()) {
                    case "ApiKeyUpdatedEvent" -> {
                        String renamed = text(Http.JSON.readTree(event.payload()), "name", "name");
                        if (renamed != null) {
                            name = renamed;
                        }
                    }
                    case "ApiKeyDisabledEvent" -> status = "disabled";
                    case "ApiKeyEnabledEvent" -> status = "active";
                    case "ApiKeyRevokedEvent" -> status = "revoked";
                    case "ApiKeyExpiredEvent" -> status = "expired";
                    default -> {
                    }
                }
            }
            expected.put(e.getKey(), status + " " + name);
        }
        return expected;
    }

    private void assertReadModelConvergesToTheEventStore(LocalStack stack, Api api, Api.Key writer, String org) throws Exception {
        Map<String, String> expected = expectedKeys(stack, org);
        Map<String, String>[] last = new Map[1];
        try {
            await().atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                last[0] = readModel(stack, writer.key());
                return last[0].equals(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, String> diff = new TreeMap<>();
            expected.forEach((id, state) -> {
                if (!state.equals(last[0].get(id))) {
                    diff.put(id, "event store: " + state + " / read model: " + last[0].get(id));
                }
            });
            last[0].keySet().stream().filter(id -> !expected.containsKey(id))
                    .forEach(id -> diff.put(id, "only in the read model: " + last[0].get(id)));
            throw new AssertionError("read model did not converge to the event store within " + CONVERGENCE
                    + " (" + diff.size() + " of " + expected.size() + " keys differ): " + diff, e);
        }
        System.out.printf("read model converged: %d keys of the organization, status and name as in the event store%n",
                expected.size());
    }

    /** Every key of the caller's organization as the query API lists it, following the cursor. */
    private static Map<String, String> readModel(LocalStack stack, String bearer) {
        Map<String, String> keys = new TreeMap<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            String uri = "/v1/api-keys?limit=100" + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            Http.Answer answer = Http.get(stack.query(uri), bearer);
            if (answer.status() != 200) {
                throw new IllegalStateException("list: " + answer.status() + " " + answer.raw().body());
            }
            for (JsonNode key : answer.body().path("data")) {
                keys.put(key.path("id").asText(), key.path("status").asText() + " " + key.path("name").asText());
            }
            JsonNode next = answer.body().path("next_cursor");
            if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
                return keys;
            }
            cursor = next.asText();
        }
        throw new IllegalStateException("more than 1000 pages");
    }

    private void assertUsageCountsEveryAnsweredVerificationOnce(LocalStack stack, Api.Key reader, Load load, List<Api.Key> verified)
            throws Exception {
        Set<String> ids = new HashSet<>();
        verified.forEach(k -> ids.add(k.id()));
        // the topic: every attempt of the verified keys, by attempt id (a producer retry may write one twice)
        Map<String, Set<String>> attemptIdsByKey = new HashMap<>();
        Set<String> tagsOnTopic = new HashSet<>();
        long records = 0;
        for (JsonNode attempt : Stores.authAttempts(stack)) {
            String keyId = attempt.path("key_id").asText();
            if (!ids.contains(keyId)) {
                continue;
            }
            records++;
            attemptIdsByKey.computeIfAbsent(keyId, k -> new HashSet<>()).add(attempt.path("attempt_id").asText());
            tagsOnTopic.add(attempt.path("user_agent").asText());
        }
        Map<Integer, Integer> lostByPhase = new TreeMap<>();
        load.answeredTags.forEach((tag, phase) -> {
            if (!tagsOnTopic.contains(tag)) {
                lostByPhase.merge(phase, 1, Integer::sum);
            }
        });
        long distinct = attemptIdsByKey.values().stream().mapToLong(Set::size).sum();
        System.out.printf("verifications answered: %d (in doubt: %d); auth-attempts records of the verified keys: %d, "
                        + "distinct attempts: %d; answered but not on the topic, by phase: %s%n",
                load.answeredTags.size(), load.inDoubt.get(), records, distinct, lostByPhase);

        Map<String, Long> expected = new TreeMap<>();
        attemptIdsByKey.forEach((id, attempts) -> expected.put(id, (long) attempts.size()));
        Map<String, Long>[] usage = new Map[1];
        try {
            await().atMost(CONVERGENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                Map<String, Long> counted = new TreeMap<>();
                for (Api.Key k : verified) {
                    JsonNode details = Http.get(stack.query("/v1/api-keys/" + k.id()), reader.key()).body();
                    counted.put(k.id(), details.path("usage").path("requests_this_month").asLong(-1));
                }
                usage[0] = counted;
                return counted.equals(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("usage counts (query-service) " + usage[0] + " never matched the distinct attempts on "
                    + "the topic " + expected + " within " + CONVERGENCE, e);
        }
        System.out.printf("usage counts equal the distinct attempts on the topic for all %d keys: %s%n", expected.size(), expected);
        assertThat(lostByPhase).as("verifications answered whose attempt never reached the topic, by phase "
                + "(1 command kill, 2 query kill, 3 validator kill, 4 whole stack kill)").isEmpty();
    }

    /**
     * Waits for a restarted service to be ready while the load goes on. When it does not get
     * there, that is recorded, and the command load pauses to see whether the service gets
     * ready without it (the answer goes into the report), so that the run can go on.
     */
    private void awaitReadyUnderLoad(String service, int port, Load load) throws InterruptedException {
        try {
            LocalStack.awaitReady(port, RESTART);
            mark(service + " ready");
            return;
        } catch (IllegalStateException e) {
            mark(service + " NOT ready after " + RESTART.toSeconds() + " s under load");
            problems.add(service + " restarted after kill -9 is not ready within " + RESTART.toSeconds()
                    + " s while commands keep coming: " + e.getMessage());
        }
        load.commandsPaused = true;
        mark("command load paused");
        try {
            LocalStack.awaitReady(port, RESTART);
            mark(service + " ready once the commands paused");
            problems.add(service + " got ready only once the command load paused");
        } catch (IllegalStateException e) {
            mark(service + " still NOT ready with the commands paused");
        } finally {
            load.commandsPaused = false;
            mark("command load resumed");
        }
    }

    interface Check {
        void run() throws Exception;
    }

    private void soft(Check check) throws Exception {
        try {
            check.run();
        } catch (AssertionError e) {
            problems.add(e.getMessage());
        }
    }

    private static java.util.Optional<String> verdictIfAnswered(LocalStack stack, String key) {
        try {
            Http.Answer answer = Http.post(stack.validator("/v1/verify"), null, Map.of("key", key, "permissions", List.of("tasks:read")));
            return answer.status() == 200 ? java.util.Optional.of(answer.body().path("code").asText()) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A key whose own rate limit does not get in the way of the load (falls back to the plan's when refused). */
    private static Api.Key unlimitedKey(Api api, String org, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("organization_id", org);
        body.put("permissions", List.of("tasks:read"));
        body.put("rate_limit", Map.of("per_second", 100_000, "burst", 100_000, "per_minute", 1_000_000,
                "per_hour", 10_000_000, "per_day", 100_000_000));
        Http.Answer answer = Http.post(api.stack.command("/v1/api-keys"), api.admin, body);
        if (answer.status() != 201) {
            body.remove("rate_limit");
            answer = Http.post(api.stack.command("/v1/api-keys"), api.admin, body);
        }
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
        Api.Key key = new Api.Key(answer.body().path("id").asText(), answer.body().path("key").asText(), org, answer.body());
        api.awaitKnown(key.key());
        return key;
    }

    private static String text(JsonNode node, String camel, String snake) {
        JsonNode v = node.has(camel) ? node.get(camel) : node.get(snake);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void mark(String what) {
        timeline.add(String.format("%6.1f s  %s", Duration.between(t0, Instant.now()).toMillis() / 1000.0, what));
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /**
     * The steady load: one thread issuing commands (create, rename, sometimes revoke), two
     * threads verifying, each at a modest pace so that the services, not the load, use the CPU.
     */
    static final class Load {
        final AtomicInteger phase = new AtomicInteger();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final Map<String, String> renamed = new ConcurrentHashMap<>();
        final Set<String> revoked = ConcurrentHashMap.newKeySet();
        /** user_agent tag → phase, for every verification answered 200. */
        final Map<String, Integer> answeredTags = new ConcurrentHashMap<>();
        final AtomicLong inDoubt = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong commandFailures = new AtomicLong();
        private final LocalStack stack;
        private final String writer;
        private final List<Api.Key> keys;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;
        volatile boolean commandsPaused;

        Load(LocalStack stack, String writer, List<Api.Key> keys) {
            this.stack = stack;
            this.writer = writer;
            this.keys = keys;
        }

        void start() {
            threads.add(new Thread(this::commands, "load-commands"));
            for (int t = 0; t < 2; t++) {
                int thread = t;
                threads.add(new Thread(() -> verifications(thread), "load-verify-" + t));
            }
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        String summary() {
            return String.format("load: %d verifications answered, %d in doubt (connection lost after sending), "
                            + "%d refused (nothing listening); commands answered 2xx: %d creates, %d renames, %d revocations; "
                            + "%d commands not answered 2xx", answeredTags.size(), inDoubt.get(), refused.get(),
                    created.size(), renamed.size(), revoked.size(), commandFailures.get());
        }

        private void commands() {
            int n = 0;
            while (running) {
                if (commandsPaused) {
                    pause(100);
                    continue;
                }
                n++;
                try {
                    HttpResponse<String> create = send("POST", stack.command("/v1/api-keys"),
                            "{\"name\":\"load " + n + "\",\"permissions\":[\"tasks:read\"]}");
                    if (create.statusCode() == 201) {
                        String id = Http.JSON.readTree(create.body()).path("id").asText();
                        created.add(id);
                        String name = "load " + n + " renamed";
                        HttpResponse<String> rename = send("PATCH", stack.command("/v1/api-keys/" + id),
                                "{\"name\":\"" + name + "\"}");
                        if (rename.statusCode() == 200) {
                            renamed.put(id, name);
                        } else {
                            commandFailures.incrementAndGet();
                        }
                        if (n % 4 == 0) {
                            HttpResponse<String> revoke = send("DELETE", stack.command("/v1/api-keys/" + id), null);
                            if (revoke.statusCode() == 204) {
                                revoked.add(id);
                            } else {
                                commandFailures.incrementAndGet();
                            }
                        }
                    } else {
                        commandFailures.incrementAndGet();
                    }
                } catch (IOException e) {
                    commandFailures.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                pause(100);
            }
        }

        private HttpResponse<String> send(String method, URI uri, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + writer);
            if (body != null) {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private void verifications(int thread) {
            long seq = 0;
            while (running) {
                Api.Key key = keys.get((int) (seq % keys.size()));
                int p = phase.get();
                String tag = "crash-p" + p + "-t" + thread + "-" + seq++;
                String body = "{\"key\":\"" + key.key() + "\",\"permissions\":[\"tasks:read\"],\"ip\":\"10.9.8.7\","
                        + "\"user_agent\":\"" + tag + "\"}";
                try {
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(stack.validator("/v1/verify"))
                            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        answeredTags.put(tag, p);
                    } else {
                        inDoubt.incrementAndGet();
                    }
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    refused.incrementAndGet();
                    pause(50);
                } catch (IOException e) {
                    inDoubt.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
                pause(5);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
