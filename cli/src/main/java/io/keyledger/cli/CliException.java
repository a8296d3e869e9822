package io.keyledger.cli;

/** A refusal of the CLI itself (a missing file, a bad row file, no confirmation), with its exit code. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
