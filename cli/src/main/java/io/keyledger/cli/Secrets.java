package io.keyledger.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a plaintext goes: stdout once, or a file created with mode 0600 (never one that exists,
 * never a log). The CLI keeps no history of its own.
 */
public final class Secrets {

    private Secrets() {
    }

    /** Writes {@code content} to a new file readable by its owner only. */
    public static void writeNew(Path file, String content) {
        try (Writer w = Files.newBufferedWriter(create(file, false), StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(content);
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCodes.USAGE, file + " exists; a secret is never written over another file");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * The file, created with mode 0600 if it does not exist; an existing one is kept (an import
     * resumes into it) only when {@code append} is set and it is not readable by others.
     */
    public static Path create(Path file, boolean append) throws IOException {
        if (Files.exists(file)) {
            if (!append) {
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                if (!Files.getPosixFilePermissions(file).equals(PosixFilePermissions.fromString("rw-------"))) {
                    throw new CliException(ExitCodes.USAGE, file + " is readable by others; secrets go only to a 0600 file");
                }
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to check
            }
            return file;
        }
        try {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }
}
