package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Credits are exact across validators (issue 16; DESIGN §9): a stack with three validators
 * ({@code KEYLEDGER_VALIDATORS=3}), several clients each hammering one key through a validator of
 * its own. A key of 1,000 credits answers exactly 1,000 VALID and then only USAGE_EXCEEDED; after a
 * validator is killed with {@code kill -9} in the middle of spending, the survivors drain the rest,
 * its lease times out on the key, and the ledger still adds up: nothing spent twice, nothing lost
 * beyond the dead validator's block. Leases live 10 s here ({@code KEYLEDGER_CREDITS_LEASE_TTL}).
 */
@Order(17)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CreditsIT {

    static final int VALIDATORS = 3;
    static final int CLIENTS = 6;
    static final long CREDITS = 1000;
    static final Duration LEASE_TTL = Duration.ofSeconds(10);
    static final Duration EXHAUSTED_FOR = Duration.ofSeconds(3);

    private LocalStack stack;
    private Api api;

    @BeforeAll
    void start() throws IOException {
        stack = new LocalStack(SharedStack.newDataDir("credits"))
                .withEnv("KEYLEDGER_VALIDATORS", String.valueOf(VALIDATORS))
                .withEnv("KEYLEDGER_CREDITS_LEASE_TTL", LEASE_TTL.toSeconds() + "s")
                .withEnv("KEYLEDGER_CREDITS_SAFETY_MARGIN", "2s");
        for (int i = 1; i < VALIDATORS; i++) {
            requireFree(stack.validatorPort + i);
            requireFree(stack.validatorManagementPort + i);
        }
        stack.start();
        for (int i = 1; i < VALIDATORS; i++) {
            LocalStack.awaitReady(stack.validatorManagementPort + i, LocalStack.READY_TIMEOUT);
        }
        api = new Api(stack);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        }
    }

    private URI validator(int index, String path) {
        return URI.create("http://localhost:" + (stack.validatorPort + index) + path);
    }

    private Api.Key meteredKey(String name, Map<String, Object> credits) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("permissions", List.of("tasks:read"));
        body.put("credits", credits);
        // far above any plan (an admin may): the rate limit must not decide a verdict here
        body.put("rate_limit", Map.of("per_second", 100_000, "burst", 100_000, "per_minute", 1_000_000,
                "per_hour", 10_000_000, "per_day", 100_000_000));
        Api.Key key = api.create(api.admin, body);
        assertThat(key.record().path("credits").path("remaining").asLong()).isEqualTo(credits.getOrDefault("remaining",
                0L) instanceof Number n ? n.longValue() : 0);
        // every validator holds it: GET /v1/rate-limit answers it without spending anything
        for (int v = 0; v < VALIDATORS; v++) {
            URI uri = validator(v, "/v1/rate-limit");
            await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(100)).until(() -> Http.send(
                    Http.request(uri, null).header("X-API-Key", key.key()).GET()).status() == 200);
        }
        return key;
    }

    private JsonNode verify(int validator, String key) {
        Http.Answer answer = Http.post(validator(validator, "/v1/verify"), null,
                Map.of("key", key, "permissions", List.of("tasks:read")));
        assertThat(answer.status()).as("verify: %s", answer.raw().body()).isEqualTo(200);
        return answer.body();
    }

    /** Verification counts by code, per validator, of a hammering run. */
    static final class Tally {
        final Map<String, AtomicLong> codes = new ConcurrentHashMap<>();
        final AtomicLong[] validByValidator = new AtomicLong[VALIDATORS];

        Tally() {
            for (int i = 0; i < VALIDATORS; i++) {
                validByValidator[i] = new AtomicLong();
            }
        }

        long of(String code) {
            return codes.getOrDefault(code, new AtomicLong()).get();
        }
    }

    /**
     * {@link #CLIENTS} clients, client i on validator {@code i % VALIDATORS} (or only on the
     * validators in {@code use}), each until it has seen nothing but USAGE_EXCEEDED for
     * {@link #EXHAUSTED_FOR}, or {@code stop} is set.
     */
    private void hammer(String key, Tally tally, List<Integer> use, AtomicBoolean stop) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int validator = use.get(c % use.size());
            Thread client = new Thread(() -> {
                try {
                    long exhaustedSince = 0;
                    while (!stop.get()) {
                        Http.Answer answer;
                        try {
                            answer = Http.post(validator(validator, "/v1/verify"), null,
                                    Map.of("key", key, "permissions", List.of("tasks:read")));
                        } catch (RuntimeException e) {
                            tally.codes.computeIfAbsent("UNREACHABLE", k -> new AtomicLong()).incrementAndGet();
                            return; // the validator was killed
                        }
                        String code = answer.status() == 200 ? answer.body().path("code").asText() : "HTTP_" + answer.status();
                        tally.codes.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
                        if ("VALID".equals(code)) {
                            tally.validByValidator[validator].incrementAndGet();
                            exhaustedSince = 0;
                        } else if ("USAGE_EXCEEDED".equals(code)) {
                            long now = System.nanoTime();
                            if (exhaustedSince == 0) {
                                exhaustedSince = now;
                            } else if (now - exhaustedSince > EXHAUSTED_FOR.toNanos()) {
                                return;
                            }
                        } else {
                            return; // any other code is reported by the assertions
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "credits-client-" + c);
            client.setDaemon(true);
            client.start();
        }
        assertThat(done.await(5, TimeUnit.MINUTES)).as("clients finished").isTrue();
    }

    @Test
    @Order(1)
    void fiveCreditsAreFiveVerificationsAcrossTheValidatorsThenUsageExceeded() {
        Api.Key key = meteredKey("five credits", Map.of("remaining", 5));
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            JsonNode verdict = verify(i % VALIDATORS, key.key());
            codes.add(verdict.path("code").asText());
            if (i < 5) {
                assertThat(verdict.path("credits").path("remaining").isNumber()).as("credits in %s", verdict).isTrue();
            }
        }
        assertThat(codes).containsExactly("VALID", "VALID", "VALID", "VALID", "VALID",
                "USAGE_EXCEEDED", "USAGE_EXCEEDED", "USAGE_EXCEEDED", "USAGE_EXCEEDED");
        // forward-auth: 429; no refill, so no Retry-After
        for (int v = 0; v < VALIDATORS; v++) {
            Http.Answer auth = Http.send(Http.request(validator(v, "/v1/auth"), null).header("X-API-Key", key.key()).GET());
            assertThat(auth.status()).isEqualTo(429);
            assertThat(auth.header("X-Keyledger-Code")).isEqualTo("USAGE_EXCEEDED");
            assertThat(auth.header("Retry-After")).isNull();
        }
    }

    @Test
    @Order(2)
    void aRefillingKeyThatRanOutSaysWhenToRetry() {
        Api.Key key = meteredKey("daily", Map.of("remaining", 1, "refill", Map.of("interval", "daily", "amount", 3)));
        assertThat(verify(0, key.key()).path("code").asText()).isEqualTo("VALID");
        Http.Answer auth = Http.send(Http.request(validator(1, "/v1/auth"), null)
                .header("X-API-Key", key.key()).header("X-Credit-Cost", "1").GET());
        assertThat(auth.status()).isEqualTo(429);
        long untilMidnight = java.time.Duration.between(java.time.Instant.now(), java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)).toSeconds();
        assertThat(Long.parseLong(auth.header("Retry-After"))).isBetween(untilMidnight - 60, untilMidnight + 60);
    }

    @Test
    @Order(3)
    void boundsAreCheckedWhereTheyEnter() {
        Http.Answer negative = Http.post(stack.command("/v1/api-keys"), api.admin,
                Map.of("name", "bad credits", "credits", Map.of("remaining", -1)));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().path("errors").get(0).path("field").asText()).isEqualTo("credits.remaining");
        Api.Key key = meteredKey("bounds", Map.of("remaining", 2));
        Http.Answer op = Http.post(stack.command("/v1/api-keys/" + key.id() + "/credits"), api.admin,
                Map.of("op", "multiply", "amount", 2));
        assertThat(op.status()).isEqualTo(400);
        Http.Answer amount = Http.post(stack.command("/v1/api-keys/" + key.id() + "/credits"), api.admin,
                Map.of("op", "add", "amount", "5"));
        assertThat(amount.status()).isEqualTo(400);
        Http.Answer zeroAdd = Http.post(stack.command("/v1/api-keys/" + key.id() + "/credits"), api.admin,
                Map.of("op", "add", "amount", 0));
        assertThat(zeroAdd.status()).isEqualTo(400);
        assertThat(zeroAdd.body().path("errors").get(0).path("field").asText()).isEqualTo("amount");
        Http.Answer cost = Http.post(validator(0, "/v1/verify"), null, Map.of("key", key.key(), "cost", 0));
        assertThat(cost.status()).isEqualTo(400);
        assertThat(cost.body().path("errors").get(0).path("field").asText()).isEqualTo("cost");
        Http.Answer lease = Http.post(stack.command("/v1/credit-leases"), api.admin,
                Map.of("key_id", key.id(), "lease_id", "x", "holder", "h", "requested", 5, "ttl_seconds", 601));
        assertThat(lease.status()).isEqualTo(400);
        assertThat(lease.body().path("errors").get(0).path("field").asText()).isEqualTo("ttl_seconds");
        // nothing half-applied: the key still has its 2 credits
        Http.Answer added = Http.post(stack.command("/v1/api-keys/" + key.id() + "/credits"), api.admin,
                Map.of("op", "add", "amount", 3));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().path("credits").path("remaining").asLong()
                + added.body().path("credits").path("leased").asLong()).isEqualTo(5);
    }

    @Test
    @Order(4)
    void aThousandCreditsAreExactlyAThousandVerificationsAcrossThreeValidators() throws Exception {
        Api.Key key = meteredKey("a thousand", Map.of("remaining", CREDITS));
        Tally tally = new Tally();
        hammer(key.key(), tally, List.of(0, 1, 2), new AtomicBoolean());

        assertThat(tally.codes.keySet()).as("codes answered").containsOnly("VALID", "USAGE_EXCEEDED");
        assertThat(tally.of("VALID")).as("VALID answers").isEqualTo(CREDITS);
        for (int v = 0; v < VALIDATORS; v++) {
            assertThat(tally.validByValidator[v].get()).as("VALID at validator %d", v + 1).isPositive();
        }
        // every later one is USAGE_EXCEEDED, at every validator
        for (int i = 0; i < 30; i++) {
            assertThat(verify(i % VALIDATORS, key.key()).path("code").asText()).isEqualTo("USAGE_EXCEEDED");
        }
        // the ledger agrees once every lease is given back: nothing left, nothing held, all of it spent
        await().atMost(Api.PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode credits = details(key).path("credits");
            assertThat(credits.path("remaining").asLong()).isZero();
            assertThat(credits.path("leased").asLong()).isZero();
            assertThat(credits.path("spent_this_month").asLong()).isEqualTo(CREDITS);
        });
    }

    @Test
    @Order(5)
    void aValidatorKilledWhileSpendingLosesAtMostItsLeaseAndNothingIsSpentTwice() throws Exception {
        Api.Key key = meteredKey("killed in the middle", Map.of("remaining", CREDITS));
        Tally tally = new Tally();
        AtomicBoolean stop = new AtomicBoolean();
        Thread hammering = new Thread(() -> {
            try {
                hammer(key.key(), tally, List.of(0, 1, 2), stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        hammering.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> tally.of("VALID") >= CREDITS / 3);
        ProcessHandle third = validatorProcess(3);
        third.destroyForcibly();
        third.onExit().get(30, TimeUnit.SECONDS);
        // the survivors' clients go on until the balance is gone; the third's stop at their first failure
        hammering.join(TimeUnit.MINUTES.toMillis(5));
        long valid = tally.of("VALID");
        assertThat(tally.codes.keySet()).as("codes answered").isSubsetOf("VALID", "USAGE_EXCEEDED", "UNREACHABLE");

        // its lease times out on the key (10 s): the ledger closes with nothing held
        await().atMost(LEASE_TTL.plus(Api.PROPAGATION)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(details(key).path("credits").path("leased").asLong()).isZero());
        JsonNode credits = details(key).path("credits");
        List<JsonNode> ends = events(key, "ApiKeyCreditLeaseEndedEvent");
        Map<String, String> holders = new HashMap<>();
        for (JsonNode leased : events(key, "ApiKeyCreditsLeasedEvent")) {
            holders.put(text(leased, "lease_id", "leaseId"), leased.path("holder").asText());
        }
        long timedOut = 0;
        long consumed = 0;
        for (JsonNode end : ends) {
            consumed += end.path("consumed").asLong();
            if ("TIMED_OUT".equalsIgnoreCase(end.path("end").asText())) {
                assertThat(holders.get(text(end, "lease_id", "leaseId"))).as("only the killed validator's lease times out")
                        .isEqualTo("validator-3");
                timedOut += end.path("consumed").asLong();
            }
        }
        assertThat(valid).as("nothing spent twice").isLessThanOrEqualTo(CREDITS);
        assertThat(CREDITS - valid).as("nothing lost beyond the dead validator's lease").isLessThanOrEqualTo(timedOut);
        assertThat(credits.path("remaining").asLong()).as("the survivors spent the rest").isZero();
        assertThat(consumed).as("the ledger: every credit consumed by a lease").isEqualTo(CREDITS);
        for (int v = 0; v < VALIDATORS - 1; v++) {
            assertThat(verify(v, key.key()).path("code").asText()).isEqualTo("USAGE_EXCEEDED");
        }
    }

    private JsonNode details(Api.Key key) {
        Http.Answer answer = Http.get(stack.query("/v1/api-keys/" + key.id()), api.admin);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private List<JsonNode> events(Api.Key key, String type) {
        Http.Answer answer = Http.get(stack.query("/v1/api-keys/" + key.id() + "/events"), api.admin);
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode event : answer.body().path("data")) {
            if (event.path("type").asText().contains(type.replace("Event", "").replace("ApiKey", ""))
                    || event.path("type").asText().equals(type)) {
                out.add(event.path("payload"));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String snake, String camel) {
        return node.has(snake) ? node.path(snake).asText() : node.path(camel).asText();
    }

    /** Validator #n of this stack: its JVM runs the validator jar with KEYLEDGER_VALIDATOR_INSTANCE_ID=validator-n. */
    private ProcessHandle validatorProcess(int n) throws IOException {
        for (ProcessHandle handle : ProcessHandle.allProcesses().toList()) {
            if (!handle.info().commandLine().map(c -> c.contains("validator-service.jar")).orElse(false)) {
                continue;
            }
            Path environ = Path.of("/proc", String.valueOf(handle.pid()), "environ");
            String env;
            try {
                env = Files.readString(environ);
            } catch (IOException e) {
                continue;
            }
            if (env.contains("KEYLEDGER_VALIDATOR_INSTANCE_ID=validator-" + n + "\0")
                    && env.contains("SERVER_PORT=" + (stack.validatorPort + n - 1) + "\0")) {
                return handle;
            }
        }
        throw new IllegalStateException("validator #" + n + " is not running");
    }
}
