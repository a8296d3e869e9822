package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The platform's core loop on the real local stack (issue 2): create a key → event store →
 * validator hot set → verify VALID → one record on auth-attempts → usage counted in Mongo →
 * visible in the query API; then a restart of the whole stack, after which keys and counts
 * are still there.
 *
 * <p>It and {@link CrashRecoveryIT} (with their PostgreSQL subclasses) start stacks of their own and
 * run beside the other classes, one at a time, on JUnit's second thread (junit-platform.properties).
 */
@Order(1)
@Execution(ExecutionMode.CONCURRENT)
class CoreLoopIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void keyIssuedVerifiedCountedAndSurvivingARestart() throws Exception {
        Path data = tmp.resolve("data");
        String keyId;
        String key;
        try (LocalStack stack = stack(data).start()) {
            Path adminKeyFile = data.resolve("bootstrap-admin.key");
            assertThat(Files.getPosixFilePermissions(adminKeyFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            String admin = stack.bootstrapAdminKey();
            assertThat(admin).startsWith("kl_live_");
            assertThat(stack.launcherOutput()).doesNotContain(admin);

            // 1. create a key through the command API
            Http.Answer created = await().atMost(PROPAGATION).until(
                    () -> Http.post(stack.command("/v1/api-keys"), admin, Map.of(
                            "name", "loop test", "permissions", List.of("tasks:read"))),
                    answer -> answer.status() != 401);
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
            keyId = created.body().path("id").asText();
            key = created.body().path("key").asText();
            assertThat(key).startsWith("kl_live_");
            assertThat(created.body().path("prefix").asText()).isEqualTo(key.substring(0, 12));
            assertThat(created.body().path("status").asText()).isEqualTo("active");

            // 2. the validator's hot set learns it from the event store and says VALID
            JsonNode verdict = await().atMost(PROPAGATION).until(
                    () -> verify(stack, key, "tasks:read"), v -> v.path("valid").asBoolean());
            assertThat(verdict.path("code").asText()).isEqualTo("VALID");
            assertThat(verdict.path("key_id").asText()).isEqualTo(keyId);

            // 3. exactly one auth-attempt record for that key, and it holds no secret
            List<ConsumerRecord<String, String>> attempts = attemptsFor(stack, keyId, 1);
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).value()).doesNotContain(key).contains("\"code\":\"VALID\"");

            // 4. the query service counts it
            JsonNode details = await().atMost(PROPAGATION).until(
                    () -> Http.get(stack.query("/v1/api-keys/" + keyId), admin).body(),
                    body -> body.path("usage").path("requests_today").asLong() == 1);
            assertThat(details.path("usage").path("requests_this_month").asLong()).isEqualTo(1);
            assertThat(details.toString()).doesNotContain(key);

            Duration stopped = stack.stop();
            assertThat(stopped).as("stop after SIGTERM").isLessThan(Duration.ofSeconds(15));
            assertThat(stack.descendants()).as("no service left running").isEmpty();
        }

        // 5. restart on the same data: the key still verifies and the count survived
        try (LocalStack stack = stack(data).start()) {
            String admin = stack.bootstrapAdminKey();
            assertThat(verify(stack, key, "tasks:read").path("code").asText()).isEqualTo("VALID");
            JsonNode details = await().atMost(PROPAGATION).until(
                    () -> Http.get(stack.query("/v1/api-keys/" + keyId), admin).body(),
                    body -> body.path("usage").path("requests_today").asLong() == 2);
            assertThat(details.path("id").asText()).isEqualTo(keyId);
            assertThat(attemptsFor(stack, keyId, 2)).hasSize(2);
        }
    }

    /** The stack under test, not started ({@link PostgresCoreLoopIT}: on PostgreSQL). */
    LocalStack stack(Path data) {
        return new LocalStack(data);
    }

    private static JsonNode verify(LocalStack stack, String key, String permission) {
        Http.Answer answer = Http.post(stack.validator("/v1/verify"), null,
                Map.of("key", key, "permissions", List.of(permission)));
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(200);
        return answer.body();
    }

    /** Reads auth-attempts from the beginning until {@code expected} records of the key arrived (or 20 s passed). */
    private static List<ConsumerRecord<String, String>> attemptsFor(LocalStack stack, String keyId, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + stack.kafkaPort);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("auth-attempts"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && found.size() < expected) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.value() != null && r.value().contains("\"key_id\":\"" + keyId + "\"")) {
                        found.add(r);
                    }
                });
            }
            // a little longer, so that a duplicate would be seen
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                if (r.value() != null && r.value().contains("\"key_id\":\"" + keyId + "\"")) {
                    found.add(r);
                }
            });
        }
        return found;
    }
}
