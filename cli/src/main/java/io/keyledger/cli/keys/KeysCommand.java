package io.keyledger.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output;
import io.keyledger.cli.Secrets;
import io.keyledger.cli.imports.ImportCommand;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyledger keys ...}: the key lifecycle (command API) and the key read model (query API). */
@Command(name = "keys", description = "List, show, create, change, rotate, disable, enable, revoke and import keys.",
        mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Show.class, KeysCommand.Create.class,
                KeysCommand.Update.class, KeysCommand.Rotate.class, KeysCommand.Disable.class, KeysCommand.Enable.class,
                RevokeCommand.class, ImportCommand.class})
public final class KeysCommand extends io.keyledger.cli.Group {

    static String keyPath(String id) {
        return "v1/api-keys/" + Api.segment(id);
    }

    /** Prints a created or rotated key's record and delivers its plaintext once: stdout, or --out (0600). */
    static void deliver(Output out, JsonNode answer, Path file, java.io.PrintStream err) {
        ObjectNode shown = answer.deepCopy();
        String key = shown.path("key").asText(null);
        if (file != null && key != null) {
            Secrets.writeNew(file, key + "\n");
            shown.remove("key");
            shown.put("key_file", file.toString());
        }
        if (out.json()) {
            out.print(shown);
            return;
        }
        ObjectNode record = shown.deepCopy();
        record.remove("key");
        out.record(record);
        if (file == null && key != null) {
            out.stream().println();
            out.stream().println("key: " + key);
            err.println("note: the key is shown this once; keyledger keeps only its hash");
        }
    }

    @Command(name = "list", description = "Keys of the organization (query API).", mixinStandardHelpOptions = true)
    static final class ListKeys extends Leaf {
        @Option(names = "--status", description = "active, disabled, revoked, expired") String status;
        @Option(names = "--environment", description = "live or test") String environment;
        @Option(names = "--owner", paramLabel = "ID", description = "owner id") String owner;
        @Option(names = "--organization", paramLabel = "ID", description = "admin:* only") String organization;
        @Option(names = "--limit", defaultValue = "100", description = "page size 1–200 (default 100)") int limit;
        @Option(names = "--all", description = "follow next_cursor to the end") boolean all;

        @Override
        protected void execute() {
            var rows = page(Service.QUERY, "v1/api-keys", Api.query("status", status, "environment", environment,
                    "owner_id", owner, "organization_id", organization, "limit", limit), all, Integer.MAX_VALUE);
            out().table(rows, KeyTables.KEYS);
        }
    }

    @Command(name = "show", description = "One key with its last use and usage (query API).", mixinStandardHelpOptions = true)
    static final class Show extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--organization", paramLabel = "ID") String organization;

        @Override
        protected void execute() {
            out().record(api().get(Service.QUERY, keyPath(id), Api.query("organization_id", organization)));
        }
    }

    @Command(name = "create", description = "Issue a key; its plaintext is shown once (or written to --out, mode 0600).",
            mixinStandardHelpOptions = true)
    static final class Create extends Leaf {
        @Option(names = "--name", required = true) String name;
        @Mixin KeyFields fields;
        @Option(names = "--environment", description = "live (default) or test") String environment;
        @Option(names = "--organization", paramLabel = "ID", description = "admin:* only; default the caller's") String organization;
        @Option(names = "--owner-type", description = "user, application or system") String ownerType;
        @Option(names = "--owner-id", paramLabel = "ID") String ownerId;
        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "same key and body within 24 h: one key") String idempotencyKey;
        @Option(names = "--out", paramLabel = "FILE", description = "write the plaintext to this new file (mode 0600) instead of stdout") Path outFile;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            body.put("name", name);
            fields.into(body);
            if (environment != null) {
                body.put("environment", environment);
            }
            if (organization != null) {
                body.put("organization_id", organization);
            }
            if (ownerType != null || ownerId != null) {
                ObjectNode owner = body.putObject("owner");
                owner.put("type", ownerType == null ? "application" : ownerType);
                if (ownerId != null) {
                    owner.put("id", ownerId);
                }
            }
            Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
            JsonNode answer = api().send(Service.COMMAND, "POST", "v1/api-keys", body, headers).body();
            deliver(out(), answer, outFile, cli().err());
        }
    }

    @Command(name = "update", description = "Change a key's settings; flags left out stay.", mixinStandardHelpOptions = true)
    static final class Update extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--name") String name;
        @Mixin KeyFields fields;
        @Option(names = "--no-expiry", description = "clear expires_at") boolean noExpiry;
        @Option(names = "--if-match", paramLabel = "VERSION", description = "refuse (412) unless the key is at this version") Long ifMatch;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            fields.into(body);
            if (noExpiry) {
                body.putNull("expires_at");
            }
            if (body.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "nothing to change: give at least one field flag");
            }
            Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", "\"" + ifMatch + "\"");
            out().record(api().patch(Service.COMMAND, keyPath(id), body, headers));
        }
    }

    @Command(name = "rotate", description = "A new secret; the old one verifies for --grace seconds.", mixinStandardHelpOptions = true)
    static final class Rotate extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--grace", paramLabel = "SECONDS", description = "0–604800 (default 0)") Long grace;
        @Option(names = "--if-match", paramLabel = "VERSION") Long ifMatch;
        @Option(names = "--out", paramLabel = "FILE", description = "write the new plaintext to this new file (mode 0600)") Path outFile;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (grace != null) {
                body.put("grace_period_seconds", grace);
            }
            Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", "\"" + ifMatch + "\"");
            JsonNode answer = api().send(Service.COMMAND, "POST", keyPath(id) + "/rotate", body, headers).body();
            deliver(out(), answer, outFile, cli().err());
        }
    }

    @Command(name = "disable", description = "Stop a key verifying until it is enabled.", mixinStandardHelpOptions = true)
    static final class Disable extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            out().record(api().post(Service.COMMAND, keyPath(id) + "/disable", null));
        }
    }

    @Command(name = "enable", description = "Let a disabled key verify again.", mixinStandardHelpOptions = true)
    static final class Enable extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            out().record(api().post(Service.COMMAND, keyPath(id) + "/enable", null));
        }
    }

}
