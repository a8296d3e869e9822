package io.keyledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin CLI as a user runs it: {@code java -jar cli/target/keyledger-cli.jar} (what
 * {@code ./keyledger <command>} execs) as a separate process against a real local stack of its
 * own (the import needs more keys than the shared stack's per-organization limit allows).
 * Exit codes, stdout, stderr and the files the CLI writes are what is checked.
 */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int BULK_ROWS = 10_000;
    /** A plain progress line of the import (cli/README.md). */
    static final Pattern IMPORT_LINE = Pattern.compile(
            "import: (\\d+)/(\\d+) \\((\\d+)%\\) (\\d+) rows/s ETA (\\d+s|\\d+m\\d\\ds|\\d+h\\d\\dm|\\?) imported=(\\d+) already=(\\d+) rejected=(\\d+)");

    static LocalStack stack;
    static String admin;
    static Path work;
    /** A copy of cli/target/keyledger-cli.jar, so that a rebuild during the run does not pull it away. */
    static Path jar;

    @BeforeAll
    static void start() throws IOException {
        stack = new LocalStack(SharedStack.newDataDir("cli"))
                .withEnv("KEYLEDGER_KEYS_MAX_PER_ORGANIZATION", "100000")
                .start();
        admin = stack.bootstrapAdminKey();
        work = Files.createDirectories(stack.dataDir.resolveSibling("cli-work"));
        Path built = Path.of(System.getProperty("keyledger.home", "..")).toAbsolutePath().normalize()
                .resolve("cli/target/keyledger-cli.jar");
        assertThat(built).as("CLI jar; build with ./mvnw -DskipTests package first").exists();
        jar = Files.copy(built, work.resolve("keyledger-cli.jar"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON on stdout: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>();
        env.put("KEYLEDGER_COMMAND_URL", "http://localhost:" + stack.commandPort);
        env.put("KEYLEDGER_QUERY_URL", "http://localhost:" + stack.queryPort);
        env.put("KEYLEDGER_VALIDATOR_URL", "http://localhost:" + stack.validatorPort);
        if (key != null) {
            env.put("KEYLEDGER_API_KEY", key);
        }
        return env;
    }

    static ProcessBuilder process(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYLEDGER_"));
        builder.environment().putAll(env);
        return builder;
    }

    static Run cli(Map<String, String> env, String stdin, String... args) {
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder builder = process(env, List.of(args))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = builder.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI still running after 300 s: " + String.join(" ", args));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Run cli(String... args) {
        return cli(env(admin), null, args);
    }

    static Run ok(String... args) {
        Run run = cli(args);
        assertThat(run.exit()).as("%s", run).isZero();
        return run;
    }

    static String createKey(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("-o", "json", "keys", "create", "--name", name));
        args.addAll(List.of(more));
        return ok(args.toArray(String[]::new)).json().get("id").asText();
    }

    /** Every key of the organization by name, read through the CLI itself. */
    static Map<String, Long> keysByName() {
        JsonNode keys = ok("-o", "json", "keys", "list", "--all", "--limit", "200").json();
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.get("name").asText()));
        return names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    @Order(1)
    void keysFromCreationToRevocation() throws IOException {
        // create: the plaintext on stdout once, a verifiable key
        Run created = ok("keys", "create", "--name", "cli key", "-p", "tasks:read,tasks:write", "--per-second", "5",
                "--owner-type", "user", "--owner-id", "u-cli", "--description", "made by CliIT");
        Matcher key = Pattern.compile("(?m)^key: (kl_live_\\S+)$").matcher(created.out());
        assertThat(key.find()).as("%s", created).isTrue();
        assertThat(created.err()).contains("shown this once").doesNotContain(key.group(1));
        Matcher id = Pattern.compile("(?m)^id:\\s+(key_\\S+)$").matcher(created.out());
        assertThat(id.find()).isTrue();
        String keyId = id.group(1);
        assertThat(Http.post(stack.validator("/v1/verify"), null, Map.of("key", key.group(1), "permissions", List.of("tasks:read")))
                .body().get("code").asText()).isEqualTo("VALID");

        // create --out: a new 0600 file holds the plaintext, stdout does not
        Path secret = work.resolve("created.key");
        Run toFile = ok("-o", "json", "keys", "create", "--name", "cli key 2", "--out", secret.toString());
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String plaintext = Files.readString(secret).trim();
        assertThat(plaintext).startsWith("kl_live_");
        assertThat(toFile.out()).doesNotContain(plaintext);
        assertThat(toFile.json().get("key_file").asText()).isEqualTo(secret.toString());
        // never over an existing file
        Run again = cli("keys", "create", "--name", "cli key 3", "--out", secret.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(Files.readString(secret).trim()).isEqualTo(plaintext);

        // list and show (query side, eventually consistent)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ok("keys", "list").out()).contains(keyId).contains("cli key").contains("u-cli"));
        JsonNode shown = ok("-o", "json", "keys", "show", keyId).json();
        assertThat(shown.get("permissions")).hasSize(2);
        assertThat(shown.get("rate_limit").get("per_second").asInt()).isEqualTo(5);

        // update, with If-Match
        JsonNode updated = ok("-o", "json", "keys", "update", keyId, "--name", "cli key renamed", "--if-match", "0").json();
        assertThat(updated.get("name").asText()).isEqualTo("cli key renamed");
        assertThat(cli("keys", "update", keyId, "--name", "stale", "--if-match", "0").exit()).isEqualTo(4);

        // rotate --out
        Path rotated = work.resolve("rotated.key");
        Run rotation = ok("-o", "json", "keys", "rotate", keyId, "--grace", "0", "--out", rotated.toString());
        assertThat(Files.readString(rotated).trim()).startsWith("kl_live_").isNotEqualTo(key.group(1));
        assertThat(rotation.out()).doesNotContain(Files.readString(rotated).trim());

        assertThat(ok("-o", "json", "keys", "disable", keyId).json().get("status").asText()).isEqualTo("disabled");
        assertThat(ok("-o", "json", "keys", "enable", keyId).json().get("status").asText()).isEqualTo("active");
        assertThat(ok("keys", "revoke", keyId, "--reason", "CliIT").out()).contains("revoked " + keyId);

        // a change to a revoked key: 409 -> 4, its problem on stderr
        Run refused = cli("keys", "disable", keyId);
        assertThat(refused.exit()).as("%s", refused).isEqualTo(4);
        assertThat(refused.err()).startsWith("error: 409");
    }

    @Test
    @Order(2)
    void errorsHaveTheirExitCodesAndProblemsOnStderr() throws IOException {
        Run unknown = cli("keys", "show", "key_doesnotexist");
        assertThat(unknown.exit()).as("%s", unknown).isEqualTo(3);
        assertThat(unknown.err()).startsWith("error: 404");
        assertThat(unknown.out()).isEmpty();

        Run badKey = cli(env("kl_live_thisisnotarealkeyatall000000000000000000000"), null, "keys", "list");
        assertThat(badKey.exit()).as("%s", badKey).isEqualTo(2);
        assertThat(badKey.err()).contains("401");

        Run noKey = cli(env(null), null, "keys", "list");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("no API key");

        // a reader may not write: 403 -> 2
        Path reader = work.resolve("reader.key");
        ok("keys", "create", "--name", "reader", "-p", "keys:read", "--out", reader.toString());
        Run forbidden = cli(env(null), null, "--key-file", reader.toString(), "keys", "create", "--name", "x");
        assertThat(forbidden.exit()).as("%s", forbidden).isEqualTo(2);
        assertThat(forbidden.err()).startsWith("error: 403");
        assertThat(ok("--key-file", reader.toString(), "keys", "list").exit()).isZero();

        Run invalid = cli("keys", "create", "--name", "x", "-p", "NOT A PERMISSION");
        assertThat(invalid.exit()).as("%s", invalid).isEqualTo(5);
        assertThat(invalid.err()).startsWith("error: 400").contains("permissions[0]");

        Run usage = cli("keys", "lst");
        assertThat(usage.exit()).isEqualTo(1);
        assertThat(usage.err()).contains("keys list");

        Run warned = cli(env(null), null, "--api-key", admin, "orgs", "list");
        assertThat(warned.exit()).isZero();
        assertThat(warned.err()).contains("warning: a key given with --api-key");

        Run offline = cli(Map.of("KEYLEDGER_URL", "http://127.0.0.1:9", "KEYLEDGER_API_KEY", admin), null, "keys", "list");
        assertThat(offline.exit()).as("%s", offline).isEqualTo(6);
    }

    @Test
    @Order(3)
    void organizations() {
        JsonNode org = ok("-o", "json", "orgs", "create", "--name", "cli org", "--plan", "professional").json();
        String orgId = org.get("id").asText();
        JsonNode updated = ok("-o", "json", "orgs", "update", orgId, "--max-key-lifetime-days", "90", "--on-leak", "revoke").json();
        assertThat(updated.get("policy").get("max_key_lifetime_days").asInt()).isEqualTo(90);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ok("orgs", "list").out()).contains(orgId).contains("cli org");
            assertThat(ok("-o", "json", "orgs", "show", orgId).json().get("policy").get("on_leak").asText()).isEqualTo("revoke");
        });
        assertThat(cli("orgs", "show", "org_nope").exit()).isEqualTo(3);
        assertThat(cli("orgs", "update", orgId, "--plan", "gold").exit()).isEqualTo(5);
    }

    @Test
    @Order(4)
    void usageAnomaliesAuditAndRebuild() throws Exception {
        Path secret = work.resolve("used.key");
        String keyId = ok("-o", "json", "keys", "create", "--name", "used", "-p", "tasks:read", "--out", secret.toString())
                .json().get("id").asText();
        String value = Files.readString(secret).trim();
        for (int i = 0; i < 5; i++) {
            Http.post(stack.validator("/v1/verify"), null, Map.of("key", value, "permissions", List.of("tasks:read")));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode usage = ok("-o", "json", "usage", keyId, "--interval", "day").json();
            long requests = 0;
            for (JsonNode bucket : usage) {
                requests += bucket.get("requests").asLong();
            }
            assertThat(requests).isEqualTo(5);
        });
        assertThat(ok("usage", keyId).out()).startsWith("START");

        // anomalies --follow: a revoked key used shows up while following
        Process follow = process(env(admin), List.of("-o", "json", "anomalies", "--follow", "--interval", "0.5", "--key", keyId))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ok("keys", "revoke", keyId);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Http.post(stack.validator("/v1/verify"), null, Map.of("key", value)).body().get("code").asText().equals("REVOKED"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8));
            JsonNode anomaly = JSON.readTree(lines.readLine());
            assertThat(anomaly.get("type").asText()).isEqualTo("revoked_key_used");
            assertThat(anomaly.get("key_id").asText()).isEqualTo(keyId);
            assertThat(follow.isAlive()).isTrue();
        } finally {
            follow.destroyForcibly();
        }
        assertThat(ok("anomalies", "--key", keyId).out()).contains("revoked_key_used");

        // audit
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ok("audit", "events", keyId).out()).contains("ApiKeyCreated").contains("ApiKeyRevoked"));
        assertThat(ok("-o", "json", "audit", "state", keyId, "--at", Instant.now().toString()).json().get("status").asText())
                .isEqualTo("revoked");
        assertThat(cli("audit", "state", keyId, "--at", "1971-01-01T00:00:00Z").exit()).isEqualTo(3);
        Path export = work.resolve("audit.ndjson");
        Run exported = ok("audit", "export", "--from", Instant.now().minusSeconds(3600).toString(),
                "--to", Instant.now().plusSeconds(60).toString(), "--out", export.toString(), "--progress", "plain");
        List<String> events = Files.readAllLines(export);
        assertThat(events).isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line).has("type")).isTrue());
        assertThat(exported.out()).contains("exported " + events.size() + " events");
        assertThat(exported.err().lines()).isNotEmpty()
                .allMatch(l -> l.matches("export: \\d+ events \\d+ events/s \\d+ bytes"), "export progress lines");
        assertThat(cli("audit", "export", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z").exit()).isEqualTo(5);

        // rebuild --wait: the rebuild's own progress, then up to date
        Run rebuild = ok("rebuild", "keys-read-model", "--wait", "--progress", "plain");
        assertThat(rebuild.out()).contains("up_to_date");
        assertThat(rebuild.err().lines()).isNotEmpty()
                .allMatch(l -> l.matches("rebuild keys-read-model: \\d+/\\d+ \\(\\d+%\\) \\d+ events/s ETA \\S+ (rebuilding|catching_up|up_to_date)"),
                        "rebuild progress lines");
        assertThat(cli("rebuild", "no-such-projection").exit()).isEqualTo(3);
    }

    @Test
    @Order(5)
    void webhooksAndKeyRequests() throws IOException {
        Path secret = work.resolve("webhook.secret");
        JsonNode hook = ok("-o", "json", "webhooks", "create", "http://127.0.0.1:9/hook", "--event", "key.created",
                "--out", secret.toString()).json();
        String hookId = hook.get("id").asText();
        assertThat(Files.readString(secret)).startsWith("whsec_");
        assertThat(ok("webhooks", "list").out()).contains(hookId).contains("http://127.0.0.1:9/hook");
        assertThat(ok("webhooks", "test", hookId).out()).contains("queued");
        assertThat(ok("webhooks", "delete", hookId).out()).contains("deleted");
        assertThat(cli("webhooks", "show", "wh_nope").exit()).isEqualTo(3);
        assertThat(cli("webhooks", "create", "ftp://example.com/").exit()).isEqualTo(5);

        // a policy that asks for approval: requester, approver (four eyes), claim once
        ok("orgs", "update", "default", "--approval-required-for", "billing:*");
        Path requester = work.resolve("requester.key");
        Path approver = work.resolve("approver.key");
        ok("keys", "create", "--name", "requester", "-p", "tasks:read", "--out", requester.toString());
        ok("keys", "create", "--name", "approver", "-p", "keys:approve,billing:*", "--out", approver.toString());
        JsonNode request = ok("--key-file", requester.toString(), "-o", "json", "requests", "create", "--name", "billing reader",
                "-p", "billing:read", "--justification", "month-end report").json();
        String requestId = request.get("id").asText();
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(ok("--key-file", approver.toString(), "requests", "list", "--status", "pending").out()).contains(requestId);
        assertThat(cli("--key-file", requester.toString(), "requests", "approve", requestId).exit()).isEqualTo(2);
        assertThat(cli("--key-file", requester.toString(), "requests", "claim", requestId).exit()).isEqualTo(4);
        assertThat(ok("--key-file", approver.toString(), "-o", "json", "requests", "approve", requestId, "--note", "ok")
                .json().get("status").asText()).isEqualTo("approved");
        Path claimed = work.resolve("claimed.key");
        ok("--key-file", requester.toString(), "requests", "claim", requestId, "--out", claimed.toString());
        assertThat(Files.readString(claimed)).startsWith("kl_live_");
        assertThat(cli("--key-file", requester.toString(), "requests", "claim", requestId).exit()).isEqualTo(3);

        JsonNode denied = ok("--key-file", requester.toString(), "-o", "json", "requests", "create", "--name", "again",
                "-p", "billing:write").json();
        assertThat(ok("--key-file", approver.toString(), "-o", "json", "requests", "deny", denied.get("id").asText(),
                "--reason", "no").json().get("status").asText()).isEqualTo("denied");
        assertThat(ok("--key-file", approver.toString(), "requests", "show", denied.get("id").asText()).out()).contains("denied");
        ok("orgs", "update", "default", "--approval-required-for", "");
    }

    @Test
    @Order(6)
    void badRowsAreReportedWithTheirLinesAndReasons() throws IOException {
        String hash = randomHex();
        Path csv = Files.writeString(work.resolve("bad.csv"), String.join("\n",
                "name,permissions,per_second,key_hash,key",
                "good row,tasks:read,5," + hash + ",",
                ",tasks:read,5," + randomHex() + ",",
                "bad number,tasks:read,five," + randomHex() + ",",
                "bad permission,NOT A PERMISSION,5," + randomHex() + ",",
                "same secret,tasks:read,5," + hash + ",",
                "short value,tasks:read,5,,abc",
                "no secret,tasks:read,5,,") + "\n");
        Path report = work.resolve("bad-report.csv");
        // one at a time: which of the two rows with the same secret wins must not be a race
        Run run = cli("-o", "json", "keys", "import", csv.toString(), "--report", report.toString(), "--progress", "none",
                "--concurrency", "1");
        assertThat(run.exit()).as("%s", run).isEqualTo(5);
        JsonNode summary = run.json();
        assertThat(summary.get("imported").asInt()).isEqualTo(1);
        Map<Integer, String> reasons = new HashMap<>();
        summary.get("rejected").forEach(r -> reasons.put(r.get("line").asInt(), r.get("status").asInt() + " " + r.get("reason").asText()));
        assertThat(reasons).containsOnlyKeys(3, 4, 5, 6, 7, 8);
        assertThat(reasons.get(3)).isEqualTo("0 name: missing");
        assertThat(reasons.get(4)).isEqualTo("0 per_second: not a whole number: 'five'");
        assertThat(reasons.get(5)).startsWith("400 ").contains("permissions[0]");
        assertThat(reasons.get(6)).startsWith("409 ").contains("belongs to another key");
        assertThat(reasons.get(7)).startsWith("400 ").contains("imported_key");
        assertThat(reasons.get(8)).startsWith("0 no key or key_hash");
        assertThat(Files.readAllLines(report)).hasSize(7).first().isEqualTo("line,status,reason");

        Run unknownColumn = cli("keys", "import", Files.writeString(work.resolve("cols.csv"), "name,secret\na,b\n").toString());
        assertThat(unknownColumn.exit()).isEqualTo(1);
        assertThat(unknownColumn.err()).contains("unknown CSV column(s) [secret]");
    }

    @Test
    @Order(7)
    void aBulkImportKilledHalfwayResumesWithoutDuplicates() throws Exception {
        StringBuilder csv = new StringBuilder("name,permissions,per_second,owner_id,environment,key_hash\n");
        for (int i = 0; i < BULK_ROWS; i++) {
            csv.append("bulk-").append(i).append(",tasks:read,5,bulk-owner-").append(i % 4).append(",live,")
                    .append(randomHex()).append('\n');
        }
        Path file = Files.writeString(work.resolve("bulk.csv"), csv);

        // first run: killed (SIGKILL) once it is well under way
        Process first = process(env(admin), List.of("keys", "import", file.toString(), "--concurrency", "8", "--progress", "plain"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> progress = new ArrayList<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                progress.add(line);
                Matcher m = IMPORT_LINE.matcher(line);
                if (m.matches() && Long.parseLong(m.group(1)) >= BULK_ROWS / 3) {
                    break;
                }
            }
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(progress).as("progress lines of the killed run").isNotEmpty()
                .allSatisfy(l -> assertThat(l).matches(IMPORT_LINE));
        Matcher last = IMPORT_LINE.matcher(progress.get(progress.size() - 1));
        assertThat(last.matches()).isTrue();
        assertThat(Long.parseLong(last.group(2))).isEqualTo(BULK_ROWS);
        long doneBefore = Long.parseLong(last.group(1));
        assertThat(doneBefore).isBetween((long) BULK_ROWS / 3, (long) BULK_ROWS - 1);

        // the same command again: finishes the rest, creates nothing twice
        Run resumed = cli(env(admin), null, "keys", "import", file.toString(), "--concurrency", "8", "--progress", "plain");
        assertThat(resumed.exit()).as("%s", resumed).isZero();
        Matcher summary = Pattern.compile("rows (\\d+): imported (\\d+), already imported (\\d+), rejected 0").matcher(resumed.out());
        assertThat(summary.find()).as("%s", resumed).isTrue();
        long importedNow = Long.parseLong(summary.group(2));
        long already = Long.parseLong(summary.group(3));
        assertThat(importedNow + already).isEqualTo(BULK_ROWS);
        assertThat(already).isGreaterThanOrEqualTo(doneBefore);
        assertThat(resumed.err().lines()).isNotEmpty().allMatch(l -> IMPORT_LINE.matcher(l).matches(), "progress line shape");
        assertThat(resumed.err().lines().reduce((a, b) -> b).orElseThrow()).startsWith("import: " + BULK_ROWS + "/" + BULK_ROWS + " (100%)");

        // exactly one key per row, by name
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Long> byName = keysByName();
            Map<String, Long> bulk = byName.entrySet().stream().filter(e -> e.getKey().startsWith("bulk-"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(bulk).hasSize(BULK_ROWS);
            assertThat(bulk.values()).allMatch(n -> n == 1, "one key per name");
        });

        // and a third run calls nothing: every row is in the state file
        Run third = ok("-o", "json", "keys", "import", file.toString(), "--progress", "none");
        assertThat(third.json().get("already_imported").asInt()).isEqualTo(BULK_ROWS);
        assertThat(third.json().get("imported").asInt()).isZero();
    }

    @Test
    @Order(8)
    void revokeByOwnerWithADryRunAndAConfirmation() {
        // bulk-owner-3 holds a quarter of the imported keys
        int owned = BULK_ROWS / 4;
        Run dry = ok("keys", "revoke", "--owner", "bulk-owner-3", "--filter", "name=bulk-*", "--dry-run");
        assertThat(dry.err()).contains("dry run: would revoke " + owned + " key(s)");
        assertThat(dry.out().lines().filter(l -> l.contains("bulk-owner-3")).count()).isEqualTo(owned);

        Run refused = cli(env(admin), "no\n", "keys", "revoke", "--owner", "bulk-owner-3");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("not confirmed; nothing revoked");

        Run confirmed = cli(env(admin), "yes\n", "keys", "revoke", "--owner", "bulk-owner-3", "--filter", "name=bulk-1*");
        assertThat(confirmed.exit()).as("%s", confirmed).isZero();
        long tens = confirmed.out().lines().filter(l -> l.startsWith("revoked ")).count();
        assertThat(tens).isPositive().isLessThan(owned);

        // the selection is read from the read model: wait until it shows the first revocations
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ok("keys", "revoke", "--owner", "bulk-owner-3", "--dry-run").err())
                        .contains("would revoke " + (owned - tens) + " key(s)"));
        Run all = ok("-o", "json", "keys", "revoke", "--owner", "bulk-owner-3", "--yes");
        assertThat(all.json().get("revoked").size() + (int) tens).isEqualTo(owned);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ok("-o", "json", "keys", "list", "--owner", "bulk-owner-3", "--status", "active", "--all").json()).isEmpty());
    }

    @Test
    @Order(9)
    void completion() {
        Run run = ok("completion", "bash");
        assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("import");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static String randomHex() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
