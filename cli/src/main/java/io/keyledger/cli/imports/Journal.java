package io.keyledger.cli.imports;

import io.keyledger.cli.CliException;
import io.keyledger.cli.ExitCodes;
import io.keyledger.cli.Secrets;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an import has done, one line per imported row ({@code idempotency-key TAB line TAB key id}),
 * flushed as each row succeeds: a rerun skips these rows without a call. Rows in flight when the
 * process died are not in it; their Idempotency-Key makes the rerun's call answer the first
 * creation instead of making a second key. It holds no secret.
 */
final class Journal implements Closeable {

    private final Set<String> done = new HashSet<>();
    private final BufferedWriter writer;

    Journal(Path file) {
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines) {
                    String[] parts = line.split("\t");
                    // a line cut by a kill is incomplete: that row is simply sent again
                    if (parts.length == 3 && parts[0].startsWith("kl-import-") && parts[2].startsWith("key_")) {
                        done.add(parts[0]);
                    }
                }
            }
            writer = Files.newBufferedWriter(Secrets.create(file, true), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot use the state file " + file + ": " + e.getMessage());
        }
    }

    boolean done(String idempotencyKey) {
        return done.contains(idempotencyKey);
    }

    int size() {
        return done.size();
    }

    synchronized void record(String idempotencyKey, long line, String keyId) throws IOException {
        writer.write(idempotencyKey + "\t" + line + "\t" + keyId + "\n");
        writer.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
