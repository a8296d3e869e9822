package io.keyledger.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.ApiException;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keys revoke ID...}, or every key matching {@code --owner} / {@code --filter}: listed from
 * the read model, shown, confirmed (or {@code --yes}), then revoked one by one.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke keys for good: by id, or all matching --owner/--filter (with --dry-run and a confirmation).")
public final class RevokeCommand extends Leaf {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "key ids") List<String> ids = new ArrayList<>();
    @Option(names = "--owner", paramLabel = "ID", description = "every key of this owner id") String owner;
    @Option(names = "--filter", paramLabel = "FIELD=VALUE",
            description = "select by status, environment, owner, name (a * glob), permission or prefix; repeatable, all must hold")
    List<String> filters = new ArrayList<>();
    @Option(names = "--organization", paramLabel = "ID", description = "admin:* only") String organization;
    @Option(names = "--reason", description = "kept in the audit trail") String reason;
    @Option(names = "--dry-run", description = "list what would be revoked, change nothing") boolean dryRun;
    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation") boolean yes;

    @Override
    protected void execute() {
        Output out = out();
        boolean selecting = owner != null || !filters.isEmpty();
        if (selecting == !ids.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "give key ids, or --owner/--filter, not both and not neither");
        }
        List<KeyFilter> predicates = filters.stream().map(KeyFilter::parse).toList();
        ArrayNode targets = Api.JSON.createArrayNode();
        if (selecting) {
            String status = null;
            String environment = null;
            String ownerId = owner;
            for (KeyFilter f : predicates) {
                switch (f.field()) {
                    case "status" -> status = f.value();
                    case "environment" -> environment = f.value();
                    case "owner" -> ownerId = f.value();
                    default -> {
                    }
                }
            }
            ArrayNode all = page(Service.QUERY, "v1/api-keys", Api.query("status", status, "environment", environment,
                    "owner_id", ownerId, "organization_id", organization, "limit", 200), true, Integer.MAX_VALUE);
            for (JsonNode key : all) {
                boolean live = !"revoked".equals(key.path("status").asText());
                if (live && predicates.stream().allMatch(p -> p.test(key))) {
                    targets.add(key);
                }
            }
        } else {
            ids.forEach(id -> targets.add(Api.JSON.createObjectNode().put("id", id)));
        }

        if (selecting) {
            if (!out.json() || dryRun) {
                out.table(targets, KeyTables.KEYS);
            }
            cli().err().println((dryRun ? "dry run: would revoke " : "selected ") + targets.size() + " key(s)");
            if (dryRun || targets.isEmpty()) {
                return;
            }
            if (!yes) {
                confirm(targets.size());
            }
        } else if (dryRun) {
            out.table(targets, List.of(Output.Column.of("ID", "id")));
            return;
        }

        ObjectNode body = null;
        if (reason != null) {
            body = Api.JSON.createObjectNode().put("reason", reason);
        }
        ArrayNode revoked = Api.JSON.createArrayNode();
        ApiException last = null;
        for (JsonNode key : targets) {
            String id = key.path("id").asText();
            try {
                api().delete(Service.COMMAND, KeysCommand.keyPath(id), body);
                revoked.add(id);
                out.say("revoked " + id);
            } catch (ApiException e) {
                last = e;
                cli().err().println(id + ": " + e.describe());
            }
        }
        if (out.json()) {
            out.print(Api.JSON.createObjectNode().<ObjectNode>set("revoked", revoked).put("failed", targets.size() - revoked.size()));
        }
        if (last != null) {
            throw new CliException(last.exitCode(), (targets.size() - revoked.size()) + " of " + targets.size() + " revocations failed");
        }
    }

    private void confirm(int count) {
        cli().err().print("revoke these " + count + " key(s) for good? type 'yes' to go on: ");
        cli().err().flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
            throw new CliException(ExitCodes.USAGE, "not confirmed; nothing revoked (--yes skips the question)");
        }
    }

    /** One {@code --filter FIELD=VALUE}. */
    record KeyFilter(String field, String value) {
        static final List<String> FIELDS = List.of("status", "environment", "owner", "name", "permission", "prefix");

        static KeyFilter parse(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new CliException(ExitCodes.USAGE, "--filter '" + text + "': write FIELD=VALUE with FIELD one of " + FIELDS);
            }
            String field = text.substring(0, eq).trim();
            if (!FIELDS.contains(field)) {
                throw new CliException(ExitCodes.USAGE, "--filter: unknown field '" + field + "'; one of " + FIELDS);
            }
            return new KeyFilter(field, text.substring(eq + 1).trim());
        }

        boolean test(JsonNode key) {
            return switch (field) {
                case "status" -> key.path("status").asText().equals(value);
                case "environment" -> key.path("environment").asText().equals(value);
                case "owner" -> key.path("owner").path("id").asText().equals(value);
                case "name" -> glob(value).matcher(key.path("name").asText()).matches();
                case "permission" -> contains(key.path("permissions"), value);
                case "prefix" -> key.path("prefix").asText().startsWith(value);
                default -> false;
            };
        }

        private static boolean contains(JsonNode array, String value) {
            for (JsonNode n : array) {
                if (n.asText().equals(value)) {
                    return true;
                }
            }
            return false;
        }

        private static java.util.regex.Pattern glob(String glob) {
            List<String> parts = new ArrayList<>();
            for (String part : glob.split("\\*", -1)) {
                parts.add(java.util.regex.Pattern.quote(part));
            }
            return java.util.regex.Pattern.compile(String.join(".*", parts));
        }
    }
}
