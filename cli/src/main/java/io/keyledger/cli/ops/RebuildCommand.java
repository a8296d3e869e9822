package io.keyledger.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keyledger rebuild NAME}: replays a projection (admin:*). {@code --wait} polls the rebuild's
 * own progress ({@code processed}/{@code total} from the query service) until {@code up_to_date}.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Rebuild a projection: keys-read-model, organizations-read-model or audit-index.")
public final class RebuildCommand extends Leaf {

    @Parameters(paramLabel = "PROJECTION") String name;
    @Option(names = "--wait", description = "show the rebuild's progress until it is up to date") boolean waitFor;
    @Option(names = "--wait-timeout", defaultValue = "600", paramLabel = "SECONDS") long waitTimeout;
    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or none") String progressMode;

    @Override
    protected void execute() throws InterruptedException {
        String path = "v1/admin/projections/" + Api.segment(name);
        JsonNode state = api().post(Service.QUERY, path + "/rebuild", null);
        if (!waitFor) {
            out().record(state);
            return;
        }
        // the answer to the POST may still carry the finished state of before: follow the GET from here
        state = api().get(Service.QUERY, path, null);
        Progress progress = null;
        long deadline = System.nanoTime() + waitTimeout * 1_000_000_000L;
        while (true) {
            String status = state.path("status").asText();
            long total = state.path("total").asLong();
            if (progress == null) {
                progress = new Progress(cli().err(), Progress.Mode.of(progressMode, cli().env()), "rebuild " + name,
                        "events", total, System::nanoTime);
            }
            long processed = state.path("processed").asLong();
            if ("up_to_date".equals(status)) {
                progress.finish(processed, status);
                out().record(state);
                return;
            }
            progress.update(processed, status);
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.SERVER, "rebuild of " + name + " not up to date after " + waitTimeout + " s");
            }
            Thread.sleep(250);
            state = api().get(Service.QUERY, path, null);
        }
    }
}
