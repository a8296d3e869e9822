package io.keyledger.cli.webhooks;

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

/** {@code keyledger webhooks ...}: webhook endpoints (command API, webhooks:read / webhooks:write). */
@Command(name = "webhooks", description = "List, show, create, delete and test webhook endpoints.", mixinStandardHelpOptions = true,
        subcommands = {WebhooksCommand.ListHooks.class, WebhooksCommand.Show.class, WebhooksCommand.Create.class,
                WebhooksCommand.Delete.class, WebhooksCommand.Test.class})
public final class WebhooksCommand extends io.keyledger.cli.Group {

    static final List<Column> HOOKS = List.of(Column.of("ID", "id"), Column.of("URL", "url"), Column.of("EVENTS", "events"),
            Column.of("ENABLED", "enabled"), Column.of("FAILING_SINCE", "failing_since"));

    static String path(String id) {
        return "v1/webhooks/" + Api.segment(id);
    }

    @Command(name = "list", description = "The organization's endpoints.", mixinStandardHelpOptions = true)
    static final class ListHooks extends Leaf {
        @Option(names = "--all", description = "follow next_cursor to the end") boolean all;

        @Override
        protected void execute() {
            out().table(page(Service.COMMAND, "v1/webhooks", Api.query(), all, Integer.MAX_VALUE), HOOKS);
        }
    }

    @Command(name = "show", description = "One endpoint.", mixinStandardHelpOptions = true)
    static final class Show extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            out().record(api().get(Service.COMMAND, path(id), null));
        }
    }

    @Command(name = "create", description = "A new endpoint; its signing secret is shown once (or written to --out, mode 0600).",
            mixinStandardHelpOptions = true)
    static final class Create extends Leaf {
        @Parameters(paramLabel = "URL", description = "the https URL deliveries are POSTed to") String url;
        @Option(names = "--event", split = ",", paramLabel = "TYPE", description = "event type or * (repeatable); default *")
        List<String> events = List.of("*");
        @Option(names = "--description") String description;
        @Option(names = "--out", paramLabel = "FILE", description = "write the secret to this new file (mode 0600)") Path file;

        @Override
        protected void execute() {
            ObjectNode body = Api.JSON.createObjectNode().put("url", url);
            var array = body.putArray("events");
            events.forEach(array::add);
            if (description != null) {
                body.put("description", description);
            }
            ObjectNode answer = (ObjectNode) api().post(Service.COMMAND, "v1/webhooks", body);
            String secret = answer.path("secret").asText(null);
            if (file != null && secret != null) {
                Secrets.writeNew(file, secret + "\n");
                answer.remove("secret");
                answer.put("secret_file", file.toString());
            }
            JsonNode shown = answer;
            if (out().json()) {
                out().print(shown);
                return;
            }
            ObjectNode record = answer.deepCopy();
            record.remove("secret");
            out().record(record);
            if (file == null && secret != null) {
                out().stream().println();
                out().stream().println("secret: " + secret);
                cli().err().println("note: the signing secret is shown this once");
            }
        }
    }

    @Command(name = "delete", description = "Remove an endpoint; pending deliveries stop.", mixinStandardHelpOptions = true)
    static final class Delete extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            api().delete(Service.COMMAND, path(id), null);
            out().say("deleted " + id);
        }
    }

    @Command(name = "test", description = "Send a webhook.test message to an endpoint.", mixinStandardHelpOptions = true)
    static final class Test extends Leaf {
        @Parameters(paramLabel = "ID") String id;

        @Override
        protected void execute() {
            api().post(Service.COMMAND, path(id) + "/test", null);
            out().say("test message queued for " + id);
        }
    }
}
