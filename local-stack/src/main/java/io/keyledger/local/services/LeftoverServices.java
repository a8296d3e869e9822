package io.keyledger.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Service processes of a launcher that died without stopping them ({@code kill -9}, a JVM
 * crash) keep their ports and talk to servers that are gone. The launcher records its
 * children in {@code $DATA/run/services.pid}; the next {@code up} on the same data
 * directory (it holds the lock, so that launcher is gone) kills those still alive. A
 * process counts as ours only if pid and start time both match, so a recycled pid is left
 * alone.
 */
public final class LeftoverServices {

    static final String FILE_NAME = "services.pid";

    private LeftoverServices() {
    }

    static Path file(Path runDir) {
        return runDir.resolve(FILE_NAME);
    }

    /** Records the running children; called after every start. */
    static synchronized void record(Path runDir, List<ServiceProcess> processes) {
        List<String> lines = new ArrayList<>();
        for (ServiceProcess process : processes) {
            ProcessHandle.of(process.pid())
                    .flatMap(handle -> handle.info().startInstant())
                    .ifPresent(start -> lines.add(process.pid() + " " + start.toEpochMilli() + " " + process.name()));
        }
        try {
            Files.createDirectories(runDir);
            Files.write(file(runDir), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record service pids in " + runDir, e);
        }
    }

    static void clear(Path runDir) {
        try {
            Files.deleteIfExists(file(runDir));
        } catch (IOException ignored) {
            // a stale file only leads to a harmless check next time
        }
    }

    /**
     * Kills what a previous launcher left running. Must be called with the data directory
     * lock held.
     *
     * @return one line per process killed, for the user
     */
    public static List<String> reap(Path runDir) {
        Path file = file(runDir);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> report = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ", 3);
                if (parts.length < 3) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                long startedAt = Long.parseLong(parts[1]);
                Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedAt);
                if (leftover.isPresent()) {
                    leftover.get().destroyForcibly();
                    try {
                        leftover.get().onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // reported as killed either way; the port check that follows has the last word
                    }
                    report.add("stopped " + parts[2] + " (pid " + pid + ") left running by a launcher that was killed");
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: nothing we can act on safely
        }
        clear(runDir);
        return report;
    }
}
