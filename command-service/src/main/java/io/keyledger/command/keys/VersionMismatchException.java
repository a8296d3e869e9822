package io.keyledger.command.keys;

/** {@code If-Match} named another version than the key's current one: 412. */
public class VersionMismatchException extends RuntimeException {

    private final long currentVersion;

    public VersionMismatchException(long expected, long current) {
        super("the key is at version " + current + ", not " + expected);
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
