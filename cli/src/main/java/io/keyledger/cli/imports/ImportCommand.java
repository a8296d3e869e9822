package io.keyledger.cli.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.cli.Api;
import io.keyledger.cli.Api.Service;
import io.keyledger.cli.ApiException;
import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Leaf;
import io.keyledger.cli.Output;
import io.keyledger.cli.Progress;
import io.keyledger.cli.Secrets;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keys import FILE}: one {@code POST /v1/api-keys} per row, {@code --concurrency} at a time,
 * each with an Idempotency-Key derived from the file name, the line and the row
 * ({@link ImportRow#idempotencyKey}); a state file ({@link Journal}) lets a rerun skip what is done.
 * Killed and rerun, it creates each row's key once.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import keys from a CSV or NDJSON file: existing values (key) or hashes (key_hash) with their "
                + "permissions, limits, expiry, owner and environment. Resumable: rerun the same command after an interruption.",
                "CSV columns: name (required), description, permissions (space or ; separated), environment, owner_type, "
                        + "owner_id, per_second, burst, per_minute, per_hour, per_day, expires_at, key, key_hash, organization_id."})
public final class ImportCommand extends Leaf {

    static final int MAX_REPORTED_ON_SCREEN = 50;

    @Parameters(paramLabel = "FILE") Path file;
    @Option(names = "--format", description = "csv or ndjson (default: from the file name)") String format;
    @Option(names = {"-c", "--concurrency"}, defaultValue = "8", description = "requests in flight (1–64, default 8)") int concurrency;
    @Option(names = "--organization", paramLabel = "ID", description = "organization of rows that name none (admin:*)") String organization;
    @Option(names = "--state", paramLabel = "FILE", description = "progress file for resuming (default FILE.import-state)") Path stateFile;
    @Option(names = "--report", paramLabel = "FILE", description = "write the rejected rows (line,status,reason) as CSV") Path reportFile;
    @Option(names = "--out", paramLabel = "FILE",
            description = "rows without key/key_hash get a generated key, written here (line,id,key; mode 0600)") Path outFile;
    @Option(names = "--progress", defaultValue = "auto", description = "auto (bar on a terminal, else lines), bar, plain, none") String progressMode;

    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong already = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final List<Rejection> rejected = new ArrayList<>();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile ApiException abortCause;

    record Rejection(long line, int status, String reason) {
    }

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || concurrency > 64) {
            throw new CliException(ExitCodes.USAGE, "--concurrency must be 1–64");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "no such file: " + file);
        }
        RowReader.Format kind = RowReader.Format.of(file.getFileName().toString(), format);
        Api api = api();
        Output out = out();
        String fileName = file.getFileName().toString();
        long total = count(kind);
        Path state = stateFile != null ? stateFile : file.resolveSibling(fileName + ".import-state");
        Progress progress = new Progress(cli().err(), Progress.Mode.of(progressMode, cli().env()), "import", "rows", total,
                System::nanoTime);

        try (Journal journal = new Journal(state);
             Writer keysOut = outFile == null ? null
                     : Files.newBufferedWriter(Secrets.create(outFile, true), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
             RowReader rows = new RowReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), kind)) {
            ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "import");
                t.setDaemon(true);
                return t;
            });
            Semaphore inFlight = new Semaphore(concurrency * 2);
            while (rows.hasNext() && !aborted.get()) {
                ImportRow row = rows.next();
                if (!row.valid()) {
                    reject(row.line(), 0, row.error());
                    tick(progress);
                    continue;
                }
                if (organization != null && !row.body().has("organization_id")) {
                    row.body().put("organization_id", organization);
                }
                String idempotencyKey = row.idempotencyKey(fileName);
                if (journal.done(idempotencyKey)) {
                    already.incrementAndGet();
                    tick(progress);
                    continue;
                }
                if (!row.importsSecret() && keysOut == null) {
                    reject(row.line(), 0, "no key or key_hash: give --out FILE to have keyledger generate one");
                    tick(progress);
                    continue;
                }
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        importRow(api, row, idempotencyKey, journal, keysOut);
                    } finally {
                        inFlight.release();
                        tick(progress);
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.DAYS);
            progress.finish(finished.get(), counts());
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "no such file: " + e.getFile());
        }

        rejected.sort(Comparator.comparingLong(Rejection::line));
        if (reportFile != null) {
            writeReport();
        }
        summarize(out, total, state);
        if (abortCause != null) {
            throw abortCause;
        }
        if (failed.get() > 0) {
            return ExitCodes.SERVER;
        }
        return rejected.isEmpty() ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    private void importRow(Api api, ImportRow row, String idempotencyKey, Journal journal, Writer keysOut) {
        for (int attempt = 0; !aborted.get(); attempt++) {
            try {
                Api.Answer answer = api.send(Service.COMMAND, "POST", "v1/api-keys", row.body(),
                        Map.of("Idempotency-Key", idempotencyKey));
                String id = answer.body().path("id").asText();
                String key = answer.body().path("key").asText(null);
                if (key != null && keysOut != null) {
                    synchronized (keysOut) {
                        keysOut.write(row.line() + "," + id + "," + key + "\n");
                        keysOut.flush();
                    }
                }
                journal.record(idempotencyKey, row.line(), id);
                (answer.replayed() ? already : imported).incrementAndGet();
                return;
            } catch (ApiException e) {
                if (retryable(e) && attempt < 120) {
                    pause(e, attempt);
                    continue;
                }
                if (e.status() == 401) {
                    // the calling key itself is refused: no row can succeed
                    abortCause = e;
                    aborted.set(true);
                    return;
                }
                if (e.status() == 0 || e.status() >= 500 || e.status() == 429) {
                    failed.incrementAndGet();
                    reject(row.line(), e.status(), "not imported (rerun to retry): " + e.reason());
                } else {
                    reject(row.line(), e.status(), e.reason());
                }
                return;
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot write: " + e.getMessage());
            }
        }
    }

    /** In progress under the same Idempotency-Key (the first try of a killed run), 429, 5xx and no answer: retried. */
    private static boolean retryable(ApiException e) {
        if (e.status() == 409) {
            return e.problem() != null && e.problem().path("detail").asText().contains("Idempotency-Key");
        }
        return e.status() == 429 || e.status() == 0 || e.status() >= 500 && e.status() != 501;
    }

    private static void pause(ApiException e, int attempt) {
        long millis = e.status() == 409 ? 1000 : Math.min(5000, 200L << Math.min(attempt, 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void reject(long line, int status, String reason) {
        synchronized (rejected) {
            rejected.add(new Rejection(line, status, reason));
        }
    }

    private void tick(Progress progress) {
        progress.update(finished.incrementAndGet(), counts());
    }

    private String counts() {
        int bad;
        synchronized (rejected) {
            bad = rejected.size();
        }
        return "imported=" + imported.get() + " already=" + already.get() + " rejected=" + bad;
    }

    private long count(RowReader.Format kind) throws IOException {
        long n = 0;
        try (RowReader rows = new RowReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), kind)) {
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
        }
        return n;
    }

    private void writeReport() throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8)) {
            w.write("line,status,reason\n");
            for (Rejection r : rejected) {
                w.write(r.line() + "," + r.status() + "," + csvCell(r.reason()) + "\n");
            }
        }
    }

    private void summarize(Output out, long total, Path state) {
        if (out.json()) {
            ObjectNode summary = Api.JSON.createObjectNode();
            summary.put("rows", total).put("imported", imported.get()).put("already_imported", already.get())
                    .put("rejected_count", rejected.size()).put("failed", failed.get()).put("state_file", state.toString());
            ArrayNode list = summary.putArray("rejected");
            for (Rejection r : rejected) {
                list.addObject().put("line", r.line()).put("status", r.status()).put("reason", r.reason());
            }
            out.print(summary);
            return;
        }
        out.stream().println("rows " + total + ": imported " + imported.get() + ", already imported " + already.get()
                + ", rejected " + rejected.size() + (failed.get() > 0 ? " (" + failed.get() + " of them failed: rerun)" : ""));
        if (!rejected.isEmpty()) {
            out.stream().println("rejected rows:");
            rejected.stream().limit(MAX_REPORTED_ON_SCREEN).forEach(r ->
                    out.stream().println("  line " + r.line() + (r.status() > 0 ? " (" + r.status() + ")" : "") + ": " + r.reason()));
            if (rejected.size() > MAX_REPORTED_ON_SCREEN) {
                out.stream().println("  … " + (rejected.size() - MAX_REPORTED_ON_SCREEN) + " more"
                        + (reportFile == null ? "; --report FILE lists them all" : " in " + reportFile));
            }
        }
    }

    private static String csvCell(String s) {
        return "\"" + s.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ') + "\"";
    }

    @Override
    protected void execute() {
        throw new UnsupportedOperationException("call() runs the import");
    }

}
