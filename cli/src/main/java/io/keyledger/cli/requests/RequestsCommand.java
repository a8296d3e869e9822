package io.keyledger.cli.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output.Column;
import io.keyledger.cli.Secrets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyledger requests ...}: key requests and their approval (command API). */
@Command(name = "requests", description = "Key requests: list, show, create, approve, deny, claim.", mixinStandardHelpOptions = true,
        subcommands = {RequestsCommand.ListRequests.class, RequestsCommand.Show.class, RequestsCommand.Create.class,
                RequestsCommand.Approve.class, RequestsCommand.Deny.class, RequestsCommand.Claim.class})
public final class RequestsCommand extends io.keyledger.cli.Group {

    static final List<Column> REQUESTS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("STATUS", "status"),
            Column.of("PERMISSIONS", "permissions"), Column.of("REQUESTER", "requester_key_id"), Column.of("DECIDED_BY", "decided_by"), Column.of("CREATED", "created_at"));

    static String path(String id) {
        return "v1/key-requests/" + Api.segment(id);
    }

    @Command(name = "list", description = "Requests (keys:approve: the organization's; else the caller's own).", mixinStandardHelpOptions = true)
    static final class ListRequests extends Leaf {
        @Option(names = "--status", description = "pending, approved, denied, expired, claimed") String status;
        @Option(names = "--limit", defaultValue = "50", description = "1–100 (default 50)") int limit;

        @Override
        protected void execute() {
            out().table(api().get(Service.COMMAND, "v1/key-requests", Api.query("status", status, "limit", limit)).path("data"), REQUESTS);
        }
    }

    @Command(name = "show", description = "One request.", mixinStandardHelpOptions = true)
    static final class Show extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            out().record(api().get(Service.COMMAND, path(id), null));
        }
    }

    @Command(name = "create", description = "Ask for a key; approved at once unless the policy asks for approval.", mixinStandardHelpOptions = true)
    static final class Create extends Leaf {
        @Option(names = "--name", required = true) String name;
        @Option(names = {"-p", "--permission"}, split = ",", paramLabel = "PERM") List<String> permissions = List.of();
        @Option(names = "--justification") String justification;
        @Option(names = "--description") String description;
        @Option(names = "--environment", description = "live or test") String environment;
        @Option(names = "--expires-at", paramLabel = "RFC3339") String expiresAt;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode().put("name", name);
            var array = body.putArray("permissions");
            permissions.forEach(array::add);
            if (justification != null) {
                body.put("justification", justification);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (environment != null) {
                body.put("environment", environment);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
            out().record(api().post(Service.COMMAND, "v1/key-requests", body));
        }
    }

    @Command(name = "approve", description = "Approve a pending request (keys:approve; not the requester).", mixinStandardHelpOptions = true)
    static final class Approve extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--note") String note;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (note != null) {
                body.put("note", note);
            }
            out().record(api().post(Service.COMMAND, path(id) + "/approve", body));
        }
    }

    @Command(name = "deny", description = "Deny a pending request (keys:approve).", mixinStandardHelpOptions = true)
    static final class Deny extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--reason") String reason;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            out().record(api().post(Service.COMMAND, path(id) + "/deny", body));
        }
    }

    @Command(name = "claim", description = "Take the key of an approved request (the requester only; shown once).", mixinStandardHelpOptions = true)
    static final class Claim extends Leaf {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--out", paramLabel = "FILE", description = "write the plaintext to this new file (mode 0600)") Path file;

        @Override
        protected void execute() {
            JsonNode answer = api().post(Service.COMMAND, path(id) + "/claim", null);
            ObjectNode shown = answer.deepCopy();
            String key = shown.path("key").asText(null);
            if (file != null && key != null) {
                Secrets.writeNew(file, key + "\n");
                shown.remove("key");
                shown.put("key_file", file.toString());
            }
            if (out().json()) {
                out().print(shown);
                return;
            }
            ObjectNode record = shown.deepCopy();
            record.remove("key");
            out().record(record);
            if (file == null && key != null) {
                out().stream().println();
                out().stream().println("key: " + key);
                cli().err().println("note: the key is shown this once");
            }
        }
    }
}
