package io.keyledger.cli.audit;

import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output.Column;
import io.keyledger.cli.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyledger audit ...}: a key's history, its state at an instant, and the organization's export (audit:read). */
@Command(name = "audit", description = "Key history, state at a time, and the audit export.", mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.Events.class, AuditCommand.State.class, AuditCommand.Export.class})
public final class AuditCommand extends io.keyledger.cli.Group {

    @Command(name = "events", description = "Every event of a key, oldest first.", mixinStandardHelpOptions = true)
    static final class Events extends Leaf {
        @Parameters(paramLabel = "KEY_ID") String id;
        @Option(names = "--organization", paramLabel = "ID") String organization;

        @Override
        protected void execute() {
            var answer = api().get(Service.QUERY, "v1/api-keys/" + Api.segment(id) + "/events",
                    Api.query("organization_id", organization));
            out().table(answer.path("data"), List.of(Column.of("SEQ", "sequence"), Column.of("TYPE", "type"),
                    Column.of("AT", "occurred_at"), Column.of("ACTOR", "actor"), Column.of("CLIENT_IP", "client_ip")));
        }
    }

    @Command(name = "state", description = "The key as it stood at an instant.", mixinStandardHelpOptions = true)
    static final class State extends Leaf {
        @Parameters(paramLabel = "KEY_ID") String id;
        @Option(names = "--at", required = true, paramLabel = "RFC3339") String at;
        @Option(names = "--organization", paramLabel = "ID") String organization;

        @Override
        protected void execute() {
            out().record(api().get(Service.QUERY, "v1/api-keys/" + Api.segment(id) + "/state",
                    Api.query("at", at, "organization_id", organization)));
        }
    }

    @Command(name = "export", description = "Every key event of the organization in a period, streamed to --out (or stdout).",
            mixinStandardHelpOptions = true)
    static final class Export extends Leaf {
        @Option(names = "--from", required = true, paramLabel = "RFC3339") String from;
        @Option(names = "--to", required = true, paramLabel = "RFC3339") String to;
        @Option(names = "--format", defaultValue = "ndjson", description = "ndjson (default) or csv") String format;
        @Option(names = "--organization", paramLabel = "ID") String organization;
        @Option(names = "--out", paramLabel = "FILE", description = "write here (a new file) and show progress on stderr") Path file;
        @Option(names = "--force", description = "replace an existing --out file") boolean force;
        @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, plain or none") String progressMode;

        @Override
        protected void execute() throws IOException {
            if (file != null && Files.exists(file) && !force) {
                throw new CliException(ExitCodes.USAGE, file + " exists (--force replaces it)");
            }
            Progress.Mode mode = file == null ? Progress.Mode.NONE : Progress.Mode.of(progressMode, cli().env());
            Progress progress = new Progress(cli().err(), mode, "export", "events", 0, System::nanoTime);
            long lines = 0;
            long bytes = 0;
            try (InputStream in = api().stream(Service.QUERY, "v1/audit/export",
                    Api.query("from", from, "to", to, "format", format, "organization_id", organization));
                 OutputStream out = file == null ? unclosable(cli().output().stream())
                         : Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                         StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[65_536];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                    progress.update(lines, bytes + " bytes");
                }
                out.flush();
            }
            if (file != null) {
                progress.finish(lines, bytes + " bytes");
                // a csv export has a header line
                long events = "csv".equals(format) ? Math.max(0, lines - 1) : lines;
                if (out().json()) {
                    out().print(Api.JSON.createObjectNode().put("file", file.toString()).put("events", events).put("bytes", bytes));
                } else {
                    out().say("exported " + events + " events (" + bytes + " bytes) to " + file);
                }
            }
        }

        /** stdout stays open for whatever follows. */
        private static OutputStream unclosable(OutputStream stdout) {
            return new java.io.FilterOutputStream(stdout) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }
    }
}
