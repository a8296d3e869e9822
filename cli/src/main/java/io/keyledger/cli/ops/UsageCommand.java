package io.keyledger.cli.ops;

import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output.Column;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyledger usage ID}: a key's requests per minute, hour or day (query API). */
@Command(name = "usage", description = "A key's usage series.", mixinStandardHelpOptions = true)
public final class UsageCommand extends Leaf {

    @Parameters(paramLabel = "KEY_ID") String id;
    @Option(names = "--from", paramLabel = "RFC3339") String from;
    @Option(names = "--to", paramLabel = "RFC3339") String to;
    @Option(names = "--interval", defaultValue = "hour", description = "minute, hour (default) or day") String interval;
    @Option(names = "--organization", paramLabel = "ID") String organization;

    @Override
    protected void execute() {
        var answer = api().get(Service.QUERY, "v1/api-keys/" + Api.segment(id) + "/usage",
                Api.query("from", from, "to", to, "interval", interval, "organization_id", organization));
        out().table(answer.path("data"), List.of(Column.of("START", "start"), Column.of("REQUESTS", "requests"),
                Column.of("ALLOWED", "allowed"), Column.of("DENIED", "denied"), Column.of("BY_CODE", "by_code")));
    }
}
