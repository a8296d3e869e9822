package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No secret at rest (issue 6, item 3): a full key lifecycle — create (with an idempotent
 * replay), update, rotate with a grace period, verify through every credential scheme, use
 * as a bearer, disable, enable, revoke, use after revocation — then a scan of everything the
 * stack stored for every plaintext key any test of the shared stack saw: every table of the
 * event store database (JDBC), every document of every Mongo collection (driver), every
 * record of every Kafka topic (consumer from the earliest offset), every service and launcher
 * log, and, for good measure, every byte of every file under the data directory.
 *
 * <p>What is searched for is the part of the key after its 12-character display prefix: the
 * prefix may be stored, nothing after it may.
 */
@ExtendWith(SharedStack.class)
@Order(100)
class NoSecretAtRestIT {

    @Test
    void noPlaintextKeyInAnyStoreTopicOrLog(LocalStack stack) throws Exception {
        Api api = new Api(stack);
        String org = api.createOrganization("secrets", "professional");
        List<String> ours = new ArrayList<>();
        // the query API shows a key only to keys of its own organization, the admin's included
        Api.Key reader = api.createKey(org, "secrets reader", List.of("keys:read"));

        // create, twice with the same Idempotency-Key: the replay must not need a stored plaintext
        Map<String, Object> body = Map.of("name", "lifecycle", "organization_id", org,
                "permissions", List.of("keys:write", "keys:read", "tasks:read"));
        Http.Answer first = Http.send(Http.request(stack.command("/v1/api-keys"), api.admin)
                .header("Content-Type", "application/json").header("Idempotency-Key", "secret-scan-1")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))));
        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        String id = first.body().path("id").asText();
        String key = first.body().path("key").asText();
        ours.add(key);
        SharedStack.remember(key);
        Http.Answer replay = Http.send(Http.request(stack.command("/v1/api-keys"), api.admin)
                .header("Content-Type", "application/json").header("Idempotency-Key", "secret-scan-1")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))));
        assertThat(replay.status()).as(replay.raw().body()).isIn(200, 201);
        assertThat(replay.body().path("id").asText()).isEqualTo(id);
        api.awaitKnown(key);

        // use it: as a bearer, and through every verification scheme
        assertThat(Http.patch(stack.command("/v1/api-keys/" + id), key, Map.of("description", "used as its own bearer")).status())
                .isEqualTo(200);
        assertThat(Http.get(stack.query("/v1/api-keys/" + id), key).status()).isIn(200, 404);
        exerciseVerification(stack, api, key);

        // rotate with a grace period: old and new both verify
        Http.Answer rotated = Http.post(stack.command("/v1/api-keys/" + id + "/rotate"), api.admin,
                Map.of("grace_period_seconds", 600));
        assertThat(rotated.status()).as(rotated.raw().body()).isEqualTo(200);
        String second = rotated.body().path("key").asText();
        ours.add(second);
        SharedStack.remember(second);
        api.awaitVerdict(second, "VALID");
        exerciseVerification(stack, api, key);
        exerciseVerification(stack, api, second);

        Http.Answer rotatedAgain = Http.post(stack.command("/v1/api-keys/" + id + "/rotate"), api.admin, Map.of());
        assertThat(rotatedAgain.status()).as(rotatedAgain.raw().body()).isEqualTo(200);
        String third = rotatedAgain.body().path("key").asText();
        ours.add(third);
        SharedStack.remember(third);
        api.awaitVerdict(third, "VALID");

        assertThat(Http.post(stack.command("/v1/api-keys/" + id + "/disable"), api.admin, Map.of()).status()).isEqualTo(200);
        api.awaitVerdict(third, "DISABLED");
        exerciseVerification(stack, api, third);
        assertThat(Http.post(stack.command("/v1/api-keys/" + id + "/enable"), api.admin, Map.of()).status()).isEqualTo(200);
        api.awaitVerdict(third, "VALID");
        assertThat(Http.delete(stack.command("/v1/api-keys/" + id), api.admin).status()).isEqualTo(204);
        api.awaitVerdict(third, "REVOKED");
        // a revoked key presented everywhere: refusals must not log what was presented
        exerciseVerification(stack, api, third);
        assertThat(Http.get(stack.query("/v1/api-keys"), third).status()).isEqualTo(401);
        assertThat(Http.post(stack.command("/v1/api-keys"), third, Map.of("name", "x")).status()).isEqualTo(401);

        // a key that expires by itself, through the durable scheduler
        Http.Answer shortLived = Http.post(stack.command("/v1/api-keys"), api.admin, Map.of("name", "short lived",
                "organization_id", org, "permissions", List.of("tasks:read"),
                "expires_at", java.time.Instant.now().plusSeconds(3).toString()));
        if (shortLived.status() == 201) {
            String expiring = shortLived.body().path("key").asText();
            ours.add(expiring);
            SharedStack.remember(expiring);
            api.awaitVerdict(expiring, "EXPIRED");
        }

        // the read model and the usage pipeline have caught up with all of it
        await().atMost(Api.PROPAGATION).until(
                () -> Http.get(stack.query("/v1/api-keys/" + id), reader.key()).body().path("status").asText().equals("revoked"));
        await().atMost(Api.PROPAGATION).until(
                () -> Http.get(stack.query("/v1/api-keys/" + id), reader.key()).body().path("usage").path("requests_today").asLong() > 0);

        Set<String> secrets = SharedStack.plaintextKeys();
        assertThat(secrets).containsAll(ours);
        Map<String, String> needles = new TreeMap<>();
        for (String secret : secrets) {
            needles.put(secret.substring(12), secret.substring(0, 12) + "…");
        }
        Map<String, Integer> scanned = new ConcurrentHashMap<>();
        List<String> found = new ArrayList<>();

        Stores.eachEventStoreValue(stack, (where, bytes) -> {
            scanned.merge("event store values", 1, Integer::sum);
            search(needles, where, bytes, found);
        });
        Stores.eachMongoDocument(stack, (where, doc) -> {
            scanned.merge("mongo documents", 1, Integer::sum);
            search(needles, "mongo " + where + " " + doc.get("_id"), doc.toJson().getBytes(StandardCharsets.UTF_8), found);
        });
        Stores.eachKafkaRecord(stack, (topic, record) -> {
            scanned.merge("kafka records", 1, Integer::sum);
            if (record.key() != null) {
                search(needles, "kafka " + topic + " key@" + record.offset(), record.key(), found);
            }
            if (record.value() != null) {
                search(needles, "kafka " + topic + "@" + record.partition() + "/" + record.offset(), record.value(), found);
            }
            record.headers().forEach(h -> search(needles, "kafka " + topic + " header " + h.key(), h.value(), found));
        });
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stack.dataDir.resolve("logs"))) {
            files.filter(Files::isRegularFile).forEach(logs::add);
        }
        logs.add(stack.dataDir.resolveSibling(stack.dataDir.getFileName() + "-launcher.log"));
        for (Path log : logs) {
            if (Files.exists(log)) {
                scanned.merge("log files", 1, Integer::sum);
                search(needles, "log " + log.getFileName(), Files.readAllBytes(log), found);
            }
        }
        // at rest, literally: every file under the data directory, whatever wrote it
        try (Stream<Path> files = Files.walk(stack.dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().equals("bootstrap-admin.key")) {
                    continue; // the one place the admin key is meant to be (API.md, Bootstrap)
                }
                scanned.merge("data files", 1, Integer::sum);
                try {
                    search(needles, "file " + stack.dataDir.relativize(file), Files.readAllBytes(file), found);
                } catch (IOException e) {
                    // a file deleted while walking (Kafka segment roll, log rotation) holds nothing any more
                }
            }
        }

        System.out.printf("secret scan: %d plaintext keys searched in %s%n", needles.size(), new TreeMap<>(scanned));
        assertThat(scanned).containsKeys("event store values", "mongo documents", "kafka records", "log files");
        assertThat(found).as("places holding a plaintext key").isEmpty();
    }

    /** Verifies the key through POST /v1/verify, forward-auth with every credential scheme, and the rate-limit endpoint. */
    private static void exerciseVerification(LocalStack stack, Api api, String key) {
        api.verify(key, List.of("tasks:read"));
        List<Map<String, String>> schemes = List.of(
                Map.of("X-API-Key", key, "X-Required-Permission", "tasks:read", "X-Forwarded-For", "198.51.100.7"),
                Map.of("Authorization", "Bearer " + key, "X-Required-Permission", "tasks:read"),
                Map.of("X-Organization-Api-Key", key, "Authorization", "Bearer " + key),
                // query parameter keys are off by default; the refused URL must not be logged either
                Map.of("X-Original-URI", "/tasks?api_key=" + key, "X-Required-Permission", "tasks:read"));
        for (Map<String, String> headers : schemes) {
            HttpRequest.Builder request = HttpRequest.newBuilder(stack.validator("/v1/auth")).GET();
            headers.forEach(request::header);
            assertThat(Http.send(request).status()).isLessThan(500);
        }
        HttpRequest.Builder limits = HttpRequest.newBuilder(stack.validator("/v1/rate-limit")).header("X-API-Key", key).GET();
        assertThat(Http.send(limits).status()).isLessThan(500);
        // a typo of the key: close to the secret, and what a log line about a failure would print
        String typo = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        assertThat(api.verify(typo, List.of("tasks:read")).path("valid").asBoolean()).isFalse();
    }

    private static void search(Map<String, String> needles, String where, byte[] bytes, List<String> found) {
        if (bytes == null || bytes.length == 0) {
            return;
        }
        String haystack = new String(bytes, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> needle : needles.entrySet()) {
            if (haystack.contains(needle.getKey())) {
                synchronized (found) {
                    found.add(needle.getValue() + " in " + where);
                }
            }
        }
    }
}
