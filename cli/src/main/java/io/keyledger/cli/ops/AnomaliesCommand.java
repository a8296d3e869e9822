package io.keyledger.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output;
import io.keyledger.cli.Output.Column;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyledger anomalies}: detected anomalies; {@code --follow} polls and prints each new one
 * once (one JSON object a line with {@code --output json}) until interrupted.
 */
@Command(name = "anomalies", description = "Detected anomalies; --follow keeps polling for new ones.", mixinStandardHelpOptions = true)
public final class AnomaliesCommand extends Leaf {

    static final List<Column> COLUMNS = List.of(Column.of("DETECTED", "detected_at"), Column.of("TYPE", "type"),
            Column.of("KEY", "key_id"), Column.of("ID", "id"), Column.of("EVIDENCE", "evidence"));

    @Option(names = "--key", paramLabel = "KEY_ID") String keyId;
    @Option(names = "--type") String type;
    @Option(names = "--since", paramLabel = "RFC3339") String since;
    @Option(names = "--organization", paramLabel = "ID") String organization;
    @Option(names = {"-f", "--follow"}, description = "poll for new anomalies until interrupted") boolean follow;
    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "poll interval of --follow (default 2)") double interval;

    @Override
    protected void execute() throws InterruptedException {
        Output out = out();
        JsonNode first = fetch();
        if (!follow) {
            out.table(first, COLUMNS);
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean header = true;
        JsonNode batch = first;
        while (true) {
            var fresh = Api.JSON.createArrayNode();
            for (JsonNode a : batch) {
                if (seen.add(a.path("id").asText())) {
                    fresh.add(a);
                }
            }
            if (out.json()) {
                fresh.forEach(a -> out.stream().println(a.toString()));
            } else if (!fresh.isEmpty() || header) {
                printRows(out, fresh, header);
                header = false;
            }
            out.stream().flush();
            Thread.sleep((long) (Math.max(0.2, interval) * 1000));
            batch = fetch();
        }
    }

    private static void printRows(Output out, JsonNode rows, boolean header) {
        for (JsonNode a : rows) {
            out.stream().println(String.join("  ", COLUMNS.stream().map(c -> c.cell().apply(a)).toList()));
        }
        if (header && rows.isEmpty()) {
            out.stream().println("(following; no anomalies yet)");
        }
    }

    private JsonNode fetch() {
        return api().get(Service.QUERY, "v1/anomalies", Api.query("key_id", keyId, "type", type, "since", since,
                "organization_id", organization)).path("data");
    }
}
