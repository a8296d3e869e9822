package io.keyledger.command.keys;

/** {@code If-Match} named another version than the key's current one: 412. */
public class VersionMismatchException extends RuntimeException {

    private final long currentVersion;

    public VersionMismatchException(long expected, long current) {
        super("the key is at version " + current + ", not " + expected);
        this.currentVersion = current;
    }

    /** The same 412 rebuilt from a message that was already written (after a remote handler). */
    public VersionMismatchException(String message, long current) {
        super(message);
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
